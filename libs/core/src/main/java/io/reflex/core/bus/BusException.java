package io.reflex.core.bus;

/**
 * The bus could not do what was asked: broker unreachable, publish not confirmed in time, topology refused.
 * After a failed publish the message may or may not have been enqueued; publish idempotent messages and
 * retry.
 */
public class BusException extends RuntimeException {
    public BusException(String message, Throwable cause) {
        super(message, cause);
    }

    public BusException(String message) {
        super(message);
    }
}
