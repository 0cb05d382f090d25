package io.reflex.runtime.backend;

/** A backend could not be reached within the startup timeout. */
public class BackendUnavailableException extends RuntimeException {
    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
