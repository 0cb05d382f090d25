package io.reflex.stream;

import io.reflex.runtime.service.ServiceRunner;

/** Runs the stream service as its own process. */
public final class StreamMain {
    private StreamMain() {}

    public static void main(String[] args) {
        ServiceRunner.main(new StreamService(), args);
    }
}
