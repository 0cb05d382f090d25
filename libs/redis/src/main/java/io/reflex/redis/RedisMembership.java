package io.reflex.redis;

import io.lettuce.core.RedisException;
import io.reflex.core.coordination.AbstractMembership;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member key with a TTL, refreshed by the coordinator's heartbeat. If the heartbeat cannot reach Redis for
 * a TTL the key expires (other members see this one leave) and the next successful heartbeat writes it
 * again, until {@link #close()}.
 */
final class RedisMembership extends AbstractMembership {
    private static final Logger log = LoggerFactory.getLogger(RedisMembership.class);

    private final RedisKeys keys;
    private final RedisScripts scripts;
    private final String json;
    private final long ttlMs;
    private final Consumer<RedisMembership> forget;
    private boolean closed; // guarded by this: a refresh must never re-create a closed member

    RedisMembership(
            RedisKeys keys,
            RedisScripts scripts,
            String group,
            String memberId,
            String json,
            long ttlMs,
            Consumer<RedisMembership> forget) {
        super(group, memberId);
        this.keys = keys;
        this.scripts = scripts;
        this.json = json;
        this.ttlMs = ttlMs;
        this.forget = forget;
    }

    /** Writes the member now; throws when Redis cannot be reached. */
    synchronized void join() {
        scripts.join(keys, group(), memberId(), json, ttlMs);
        logJoined();
    }

    synchronized void refresh() {
        if (closed) {
            return;
        }
        try {
            scripts.join(keys, group(), memberId(), json, ttlMs);
        } catch (RedisException e) {
            log.debug("member refresh failed group={} member={} error={}", group(), memberId(), e.toString());
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                scripts.leave(keys, group(), memberId());
                logLeft();
            } catch (RedisException e) {
                log.warn(
                        "group leave failed, the key expires with its ttl group={} member={} error={}",
                        group(),
                        memberId(),
                        e.toString());
            }
        }
        forget.accept(this);
    }
}
