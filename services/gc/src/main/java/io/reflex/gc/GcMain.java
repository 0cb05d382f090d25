package io.reflex.gc;

import io.reflex.runtime.service.ServiceRunner;

/** Runs the gc service as its own process. */
public final class GcMain {
    private GcMain() {}

    public static void main(String[] args) {
        ServiceRunner.main(new GcService(), args);
    }
}
