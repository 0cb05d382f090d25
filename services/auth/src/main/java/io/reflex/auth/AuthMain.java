package io.reflex.auth;

import io.reflex.runtime.service.ServiceRunner;

/** Runs the auth service as its own process. */
public final class AuthMain {
    private AuthMain() {}

    public static void main(String[] args) {
        ServiceRunner.main(new AuthService(), args);
    }
}
