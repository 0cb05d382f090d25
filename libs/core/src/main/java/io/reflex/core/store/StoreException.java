package io.reflex.core.store;

/** The store could not be reached or refused an operation for a reason other than the data. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
