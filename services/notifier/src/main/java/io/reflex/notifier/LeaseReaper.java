package io.reflex.notifier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.bus.EventBus;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.Execution.ExecutionLease;
import io.reflex.core.execution.Execution.StatusChange;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.ExecutionRequested;
import io.reflex.core.store.ExecutionStore;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Query;
import io.reflex.core.store.Sort;
import io.reflex.executions.ExecutionWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's sweep over executions whose owner is gone (docs/architecture.md, rule 3). An execution in a leased status
 * whose runner lease expired becomes {@code abandoned} with an error result, through the writer (so the
 * completion is announced and the retry policy may run it again); this also ends runs whose runner died
 * before enforcing their timeout. No extra margin is needed for the action's processes (design rule 13):
 * the runner's supervisor kills them by the lease's expiry less a sixth of the lease, on the runner's clock,
 * or at once when the runner dies, so a retry never runs beside them while clocks agree within that sixth.
 * An execution left {@code requested} or {@code resuming} (a resume nobody took up) longer than
 * {@code requeueAfter}, or
 * {@code delayed} longer than that past its delay (its request was never published, or lost), has its
 * request published again, at most once per {@code requeueAfter}; a runner still holding it (a
 * {@code delayed} one waiting for a policy permit) then has company, and the first to schedule and claim it
 * wins. Each decision is re-checked on the latest record inside a compare-and-set, so a
 * runner renewing its lease at the same moment wins. Blocks on the store and bus; one sweep at a time.
 */
final class LeaseReaper {
    private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);

    /** Statuses a runner holds under a lease. */
    static final List<ExecutionStatus> LEASED = List.of(
            ExecutionStatus.RUNNING, ExecutionStatus.CANCELING, ExecutionStatus.PAUSING, ExecutionStatus.RESUMING);

    /** What one sweep did. */
    record Sweep(int abandoned, int requeued) {}

    private final ExecutionStore executions;
    private final ExecutionWriter writer;
    private final EventBus bus;
    private final Clock clock;
    private final Duration requeueAfter;
    private final int batch;
    private final Map<String, Instant> requeued = new HashMap<>();

    /** @param batch the most executions each part of a sweep handles (the rest wait for the next sweep) */
    LeaseReaper(
            ExecutionStore executions,
            ExecutionWriter writer,
            EventBus bus,
            Clock clock,
            Duration requeueAfter,
            int batch) {
        this.executions = executions;
        this.writer = writer;
        this.bus = bus;
        this.clock = clock;
        this.requeueAfter = requeueAfter;
        this.batch = batch;
    }

    /**
     * One sweep; stops early once {@code leading} turns false (leadership lost).
     *
     * @throws RuntimeException from the store or bus; what was done before stays done
     */
    synchronized Sweep sweep(BooleanSupplier leading) {
        Instant now = Timestamps.now(clock);
        int abandoned = abandonExpired(now, leading);
        int requeuedNow = leading.getAsBoolean() ? requeueStuck(now, leading) : 0;
        return new Sweep(abandoned, requeuedNow);
    }

    /** One sweep as the elected leader's work, logging what it changed. */
    void sweepAsLeader(BooleanSupplier leading) {
        Sweep s = sweep(leading);
        if (s.abandoned() > 0 || s.requeued() > 0) {
            log.info("reaper sweep abandoned={} requeued={}", s.abandoned(), s.requeued());
        }
    }

    private int abandonExpired(Instant now, BooleanSupplier leading) {
        List<Execution> expired = executions.find(Query.of(Filter.and(
                        Filter.in(
                                "status",
                                LEASED.stream().map(ExecutionStatus::wire).toList()),
                        Filter.lt("lease.expires_at", now)))
                .sorted(Sort.by("lease.expires_at"))
                .page(0, batch));
        int count = 0;
        for (Execution e : expired) {
            if (!leading.getAsBoolean()) {
                break;
            }
            AtomicBoolean changed = new AtomicBoolean();
            try {
                writer.apply(e.id(), current -> {
                    Execution next = abandon(current, now);
                    changed.set(next != current);
                    return next;
                });
            } catch (ExecutionWriter.NoSuchExecution gone) {
                continue;
            }
            if (changed.get()) {
                count++;
                log.warn(
                        "execution abandoned, runner lease expired execution={} owner={} expired_at={}",
                        e.id(),
                        e.lease().owner(),
                        Timestamps.format(e.lease().expiresAt()));
            }
        }
        return count;
    }

    /** {@code current} abandoned if its lease is still expired at {@code now}; otherwise itself. */
    static Execution abandon(Execution current, Instant now) {
        ExecutionLease lease = current.lease();
        if (!LEASED.contains(current.status()) || lease == null || !lease.expiredAt(now)) {
            return current;
        }
        ObjectNode result = Json.object();
        result.put(
                "error",
                "Execution abandoned: the runner lease of " + lease.owner() + " expired at "
                        + Timestamps.format(lease.expiresAt())
                        + " without renewal (the runner died or lost its store connection).");
        return current.transitionTo(ExecutionStatus.ABANDONED, now).withResult(result);
    }

    private int requeueStuck(Instant now, BooleanSupplier leading) {
        Instant cutoff = now.minus(requeueAfter);
        List<Execution> stuck = new ArrayList<>();
        for (ExecutionStatus waiting :
                List.of(ExecutionStatus.REQUESTED, ExecutionStatus.DELAYED, ExecutionStatus.RESUMING)) {
            stuck.addAll(executions.find(
                    Query.of(Filter.and(Filter.eq("status", waiting.wire()), Filter.lte("start_timestamp", cutoff)))
                            .sorted(Sort.by("start_timestamp"))
                            .page(0, batch)));
        }
        Set<String> seen = new HashSet<>();
        int count = 0;
        for (Execution e : stuck) {
            seen.add(e.id());
            Instant last = requeued.get(e.id());
            if (!leading.getAsBoolean() || dueAt(e).isAfter(cutoff) || (last != null && last.isAfter(cutoff))) {
                continue;
            }
            bus.publish(Channels.EXECUTIONS_REQUESTED, e.id(), new ExecutionRequested(e.id()));
            requeued.put(e.id(), now);
            count++;
            log.warn(
                    "execution request published again execution={} requested_at={}",
                    e.id(),
                    Timestamps.format(enteredAt(e)));
        }
        requeued.keySet().retainAll(seen);
        return count;
    }

    /**
     * Since when a runner should have taken the execution: when it entered its status, for a {@code delayed}
     * one not before its delay ran out.
     */
    static Instant dueAt(Execution e) {
        Instant entered = enteredAt(e);
        if (e.status() != ExecutionStatus.DELAYED || e.delay() == null) {
            return entered;
        }
        Instant delayEnds = e.startTimestamp().plusMillis(e.delay());
        return delayEnds.isAfter(entered) ? delayEnds : entered;
    }

    /** When the execution entered its current status (the last log entry; the start when there is none). */
    static Instant enteredAt(Execution e) {
        List<StatusChange> changes = e.log();
        return changes.isEmpty()
                ? e.startTimestamp()
                : changes.get(changes.size() - 1).timestamp();
    }
}
