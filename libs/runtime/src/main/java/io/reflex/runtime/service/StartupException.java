package io.reflex.runtime.service;

/**
 * A start that failed for a reason the operator can fix, with a message that says what and how in one line
 * (which service, which port, which setting). {@link ServiceRunner} prints it without a stack trace and exits
 * with {@link ServiceRunner#EXIT_START}.
 */
public final class StartupException extends RuntimeException {
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
