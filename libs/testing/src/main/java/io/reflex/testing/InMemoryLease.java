package io.reflex.testing;

import io.reflex.core.coordination.AbstractLease;
import java.util.function.Consumer;

/** A permit of an {@link InMemoryCoordinator} semaphore; ending it frees the permit (see {@code forget}). */
final class InMemoryLease extends AbstractLease {
    InMemoryLease(String name, long token, Consumer<? super AbstractLease> forget) {
        super(name, token, forget);
    }

    /** The session that holds it expired. */
    void expire() {
        lost("session expired");
    }

    @Override
    protected void releaseOnBackend() {
        // nothing more to do: forgetting the lease has freed its permit
    }
}
