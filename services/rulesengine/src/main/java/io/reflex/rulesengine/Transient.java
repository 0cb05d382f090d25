package io.reflex.rulesengine;

import io.reflex.core.bus.BusException;
import io.reflex.core.coordination.CoordinationException;
import io.reflex.core.store.DuplicateKeyException;
import io.reflex.core.store.StoreException;
import io.reflex.executions.ExecutionWriter;

/**
 * Failures that say a backend is unavailable or busy right now, not that the work is wrong: the same work
 * tried again later can succeed. A duplicate key is about the data, so it is not one of them.
 */
final class Transient {
    private Transient() {}

    static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DuplicateKeyException) {
                return false;
            }
            if (t instanceof StoreException
                    || t instanceof BusException
                    || t instanceof CoordinationException
                    || t instanceof ExecutionWriter.Contended) {
                return true;
            }
        }
        return false;
    }
}
