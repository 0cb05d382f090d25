package io.reflex.core.coordination;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every adapter's {@link Lease} keeps the same way: its name and token, and a held flag that turns
 * false exactly once, on {@link #release()} or on {@link #lost loss}, whichever comes first. At that moment
 * the lease tells its coordinator to forget it, so the coordinator stops renewing it and does not release it
 * again on close. Subclasses add how the backend gives it back and, if they need one, a stricter validity.
 */
public abstract class AbstractLease implements Lease {
    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String name;
    private final long token;
    private final Consumer<? super AbstractLease> forget;
    private final AtomicBoolean held = new AtomicBoolean(true);

    /** {@code forget} is called once, when the lease ends, on the thread that ends it. */
    protected AbstractLease(String name, long token, Consumer<? super AbstractLease> forget) {
        this.name = name;
        this.token = token;
        this.forget = forget;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final long fencingToken() {
        return token;
    }

    /** True until released or lost; a subclass may add a condition of its own (a local clock, say). */
    @Override
    public boolean isValid() {
        return held();
    }

    /** Neither released nor lost yet. */
    protected final boolean held() {
        return held.get();
    }

    /**
     * Ends the lease once (later calls, and calls after a loss, do nothing) and then gives it back on the
     * backend; a failure there is logged, not thrown, because the backend frees it with the session or its
     * TTL anyway.
     */
    @Override
    public final void release() {
        if (!held.compareAndSet(true, false)) {
            return;
        }
        forget.accept(this);
        try {
            releaseOnBackend();
        } catch (Exception e) {
            log.warn("lease release failed name={} token={} error={}", name, token, e.toString());
        }
    }

    /** The backend no longer holds the lease for us: it ends now, without a call to the backend. Idempotent. */
    protected final void lost(String reason) {
        if (held.compareAndSet(true, false)) {
            forget.accept(this);
            log.warn("lease lost name={} token={} reason={}", name, token, reason);
        }
    }

    /** Gives the lease back on the backend; called at most once, after the lease has ended. */
    protected abstract void releaseOnBackend() throws Exception;
}
