package io.reflex.notifier;

import io.reflex.runtime.service.ServiceRunner;

/** Runs the notifier service as its own process. */
public final class NotifierMain {
    private NotifierMain() {}

    public static void main(String[] args) {
        ServiceRunner.main(new NotifierService(), args);
    }
}
