package io.reflex.rulesengine;

import io.reflex.runtime.service.ServiceRunner;

/** Runs the rulesengine service as its own process. */
public final class RulesEngineMain {
    private RulesEngineMain() {}

    public static void main(String[] args) {
        ServiceRunner.main(new RulesEngineService(), args);
    }
}
