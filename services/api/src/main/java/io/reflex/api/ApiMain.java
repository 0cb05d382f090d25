package io.reflex.api;

import io.reflex.runtime.service.ServiceRunner;

/** Runs the api service as its own process. */
public final class ApiMain {
    private ApiMain() {}

    public static void main(String[] args) {
        ServiceRunner.main(new ApiService(), args);
    }
}
