package io.reflex.redis;

import io.reflex.core.bus.Subscription;
import io.reflex.core.coordination.Member;
import io.reflex.core.coordination.MembershipChanges;
import io.reflex.core.coordination.MembershipListener;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a group's members and tells the listener when the set differs from the last one told. A poll that
 * fails (Redis unreachable) tells nothing: an outage is not reported as an empty group.
 */
final class RedisGroupWatch implements Subscription {
    private static final Logger log = LoggerFactory.getLogger(RedisGroupWatch.class);

    private final String group;
    private final MembershipChanges changes;
    private final Supplier<Set<Member>> members;
    private final Consumer<RedisGroupWatch> forget;
    private volatile ScheduledFuture<?> polling;

    RedisGroupWatch(
            String group,
            MembershipListener listener,
            Supplier<Set<Member>> members,
            Executor events,
            Consumer<RedisGroupWatch> forget) {
        this.group = group;
        this.changes = new MembershipChanges(listener, events);
        this.members = members;
        this.forget = forget;
    }

    void start(ScheduledExecutorService scheduler, Duration every) {
        polling = scheduler.scheduleWithFixedDelay(this::poll, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll() {
        if (changes.isClosed()) {
            return;
        }
        try {
            changes.offer(members.get());
        } catch (RuntimeException e) {
            log.debug("member poll failed group={} error={}", group, e.toString());
        }
    }

    @Override
    public void close() {
        if (!changes.close()) {
            return;
        }
        ScheduledFuture<?> p = polling;
        if (p != null) {
            p.cancel(false);
        }
        forget.accept(this);
    }
}
