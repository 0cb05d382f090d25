package io.reflex.redis;

import io.lettuce.core.RedisException;
import io.reflex.core.coordination.AbstractLease;
import java.util.function.Consumer;

/**
 * One entry in a semaphore's sorted set, kept alive by the coordinator's renewer. Validity is judged on
 * this side's monotonic clock: a renewal sent at {@code t} makes the lease valid until {@code t + ttl}, which
 * is never later than the server-side expiry it set, so {@link #isValid()} turns false on time even when
 * the renewer is stuck or Redis is unreachable.
 */
final class RedisLease extends AbstractLease {
    private final String key;
    private final String holder;
    private final long ttlMs;
    private final RedisScripts scripts;
    private volatile long validUntilNanos;

    RedisLease(
            String name,
            long token,
            String key,
            String holder,
            long ttlMs,
            long sentAtNanos,
            RedisScripts scripts,
            Consumer<? super AbstractLease> forget) {
        super(name, token, forget);
        this.key = key;
        this.holder = holder;
        this.ttlMs = ttlMs;
        this.validUntilNanos = sentAtNanos + ttlMs * 1_000_000L;
        this.scripts = scripts;
    }

    @Override
    public boolean isValid() {
        return held() && System.nanoTime() - validUntilNanos < 0;
    }

    /** Extends the lease by one TTL; marks it lost when the entry is gone or the TTL ran out unrenewed. */
    void renew() {
        if (!held()) {
            return;
        }
        long sent = System.nanoTime();
        try {
            if (scripts.renew(key, holder, ttlMs)) {
                validUntilNanos = sent + ttlMs * 1_000_000L;
                return;
            }
            lost("expired on the server");
        } catch (RedisException e) {
            if (!isValid()) {
                lost("not renewed within its ttl: " + e.getMessage());
            }
        }
    }

    @Override
    protected void releaseOnBackend() {
        // the entry also expires with its TTL if this does not reach Redis
        scripts.release(key, holder);
    }
}
