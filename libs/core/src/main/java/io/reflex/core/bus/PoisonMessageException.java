package io.reflex.core.bus;

/** Thrown by a handler for a message that can never be processed; the bus dead-letters it immediately. */
public class PoisonMessageException extends RuntimeException {
    public PoisonMessageException(String message) {
        super(message);
    }

    public PoisonMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
