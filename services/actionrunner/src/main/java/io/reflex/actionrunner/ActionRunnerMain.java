package io.reflex.actionrunner;

import io.reflex.runtime.service.ServiceRunner;

/** Runs the actionrunner service as its own process. */
public final class ActionRunnerMain {
    private ActionRunnerMain() {}

    public static void main(String[] args) {
        ServiceRunner.main(new ActionRunnerService(), args);
    }
}
