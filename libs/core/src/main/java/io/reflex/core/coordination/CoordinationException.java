package io.reflex.core.coordination;

/** The coordinator could not be reached, or refused the operation. */
public class CoordinationException extends RuntimeException {
    public CoordinationException(String message, Throwable cause) {
        super(message, cause);
    }

    public CoordinationException(String message) {
        super(message);
    }
}
