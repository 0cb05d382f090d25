package io.reflex.actionrunner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.actionrunner.runners.Runner;
import io.reflex.actionrunner.runners.Supervision;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.Execution.ExecutionLease;
import io.reflex.core.execution.Execution.RunnerInfo;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.store.ExecutionStore;
import io.reflex.core.store.StoreException;
import io.reflex.executions.ExecutionResults;
import io.reflex.executions.ExecutionWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution this runner claimed: {@code running} with a lease (owner, expiry, fencing
 * token), heartbeated until the outcome is written. The fencing token is the record version the claim
 * wrote; an execution is claimed once, so a record whose lease carries another token (or none, or that
 * completed without us) means the lease was lost, typically to the reaper: the run is stopped and its
 * outcome not written. A record that turned {@code canceling} stops the run, which then ends
 * {@code canceled}. Heartbeats renew the lease without announcing anything (it is not a change clients
 * see); the outcome goes through {@link ExecutionWriter}, which announces it.
 */
final class Attempt {
    /** The statuses a run handed over to another service ({@link #handOff}) may have by then. */
    private static final Set<ExecutionStatus> HANDED_OFF_FROM =
            Set.of(ExecutionStatus.RUNNING, ExecutionStatus.PAUSING, ExecutionStatus.CANCELING);

    private static final Logger log = LoggerFactory.getLogger(Attempt.class);
    private static final int FINISH_ATTEMPTS = 12;
    private static final Set<ExecutionStatus> CLAIMABLE = Set.of(
            ExecutionStatus.REQUESTED, ExecutionStatus.DELAYED, ExecutionStatus.SCHEDULED, ExecutionStatus.RESUMING);

    /**
     * What claiming, heartbeating and finishing an execution share (one per runner).
     *
     * @param runnerInfo StackStorm's {@code runner_info} written on claim: {@code {hostname, pid}}
     */
    record Parts(
            RunnerSettings settings,
            Clock clock,
            ExecutionStore executions,
            ExecutionWriter writer,
            ExecutionResults results,
            RunnerInfo runnerInfo) {
        Parts {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(executions, "executions");
            Objects.requireNonNull(writer, "writer");
            Objects.requireNonNull(results, "results");
            Objects.requireNonNull(runnerInfo, "runnerInfo");
        }
    }

    private final Parts parts;
    private final String id;
    private final long token;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Execution current;
    /**
     * Versions whose announcements this attempt published but left pending (its claim's): its next write of
     * the record clears them, the outcome or, for a run still going at the first heartbeat tick, a clear of
     * their own.
     */
    private volatile List<Long> uncleared;

    private volatile boolean cancelRequested;
    private volatile boolean lost;
    private volatile String abandonReason;
    private volatile boolean pausedItself;
    private Thread heartbeat;

    private Attempt(Parts parts, ExecutionWriter.Published claimed, long token) {
        this.parts = parts;
        this.id = claimed.stored().id();
        this.current = claimed.stored();
        this.uncleared = claimed.published();
        this.token = token;
    }

    /**
     * Claims an admitted execution: {@code requested} or {@code delayed} (through {@code scheduled}, one
     * compare-and-set for both steps), {@code scheduled} or {@code resuming}, re-reading when another writer
     * only changed something else (its announcement cleared). Empty when it is no longer claimable (claimed
     * by another runner, canceled, completed): re-read and decide.
     */
    static Optional<Attempt> claim(Parts parts, Execution admitted) {
        return claim(parts, admitted, List.of());
    }

    /**
     * {@link #claim(Parts, Execution)} that also clears, in the claim's write, the announcements of {@code
     * published}: versions the request says its launcher published and left pending.
     */
    static Optional<Attempt> claim(Parts parts, Execution admitted, List<Long> published) {
        ExecutionLease[] ours = new ExecutionLease[1];
        ExecutionWriter.Published claimed;
        try {
            // decided first on the record admission read (a claim another writer beat re-reads); the claim's
            // announcement is cleared by this attempt's next write, usually its outcome
            claimed = parts.writer().applyLeavingClear(admitted, c -> {
                ours[0] = null;
                if (!CLAIMABLE.contains(c.status())) {
                    return c;
                }
                Instant now = Timestamps.now(parts.clock());
                ExecutionLease lease = new ExecutionLease(
                        parts.settings().owner(), now.plus(parts.settings().leaseTtl()), c.version() + 1);
                Execution next = c;
                if (c.status() == ExecutionStatus.REQUESTED || c.status() == ExecutionStatus.DELAYED) {
                    next = next.transitionTo(ExecutionStatus.SCHEDULED, now);
                }
                ours[0] = lease;
                return next.withoutAnnouncements(published)
                        .transitionTo(ExecutionStatus.RUNNING, now)
                        .claimedBy(parts.runnerInfo(), lease);
            });
        } catch (ExecutionWriter.NoSuchExecution ex) {
            return Optional.empty();
        }
        ExecutionLease lease = ours[0];
        if (lease == null) {
            return Optional.empty();
        }
        Execution stored = claimed.stored();
        log.info(
                "execution claimed execution={} action={} owner={} fencing_token={}",
                stored.id(),
                stored.actionRef(),
                lease.owner(),
                lease.fencingToken());
        return Optional.of(new Attempt(parts, claimed, lease.fencingToken()));
    }

    String id() {
        return id;
    }

    /** The latest record this attempt knows. */
    Execution execution() {
        return current;
    }

    /** Whether the run must stop now: canceled, abandoned by a shutdown, or the lease was lost. */
    boolean stopRequested() {
        return cancelRequested || lost || abandonReason != null;
    }

    /**
     * How the run's OS processes are tied to this runner: recorded under the runner's trees directory, and
     * killed by {@link #killBy()} unless the lease is renewed before.
     */
    Supervision supervision() {
        Path dir = parts.settings().treesDir();
        return new Supervision(dir == null ? null : Supervision.recordFile(dir, id), this::killBy);
    }

    /**
     * The moment the run must have stopped unless the lease is renewed: its expiry less {@link
     * RunnerSettings#killMargin()}, so that nothing of it is left when the reaper finds the lease expired.
     */
    Instant killBy() {
        ExecutionLease lease = current.lease();
        return lease == null ? null : lease.expiresAt().minus(parts.settings().killMargin());
    }

    /**
     * Whether the outcome written was {@code paused} without anyone asking (a workflow whose task waits for an
     * answer or a resume), as opposed to a requested pause ({@code pausing}).
     */
    boolean pausedItself() {
        return pausedItself;
    }

    /** Asks the run to stop because the runner shuts down; the outcome will be {@code abandoned}. */
    void abandon(String reason) {
        abandonReason = reason;
    }

    /**
     * Abandons the execution now, from outside the run (a shutdown whose run did not stop in time); the run,
     * if it ever returns, finds the record completed and writes nothing.
     */
    boolean abandonNow(String reason) {
        abandon(reason);
        return finish(new Runner.Result(ExecutionStatus.ABANDONED, Json.object()));
    }

    void startHeartbeat() {
        heartbeat = Thread.ofVirtual().name("lease-" + id).start(this::heartbeat);
    }

    void stopHeartbeat() {
        stopped.countDown();
        Thread t = heartbeat;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(parts.settings().leaseTtl().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void heartbeat() {
        long tick = parts.settings().watchInterval().toMillis();
        long renewEvery = parts.settings().leaseTtl().toMillis() / 3;
        long renewedAt = System.nanoTime();
        try {
            while (!stopped.await(tick, TimeUnit.MILLISECONDS) && !lost) {
                boolean due = (System.nanoTime() - renewedAt) / 1_000_000 >= renewEvery;
                try {
                    if (watch(due) && due) {
                        renewedAt = System.nanoTime();
                    }
                } catch (RuntimeException e) {
                    log.warn("lease heartbeat failed execution={} error={}", id, e.toString());
                }
                fenceIfUnrenewed();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the record (cancel? lost?) and, when {@code renew}, extends the lease; true when renewed. */
    private boolean watch(boolean renew) {
        Execution fresh = parts.executions().get(id).orElse(null);
        if (!ours(fresh)) {
            lose(fresh);
            return false;
        }
        if (fresh.status() == ExecutionStatus.CANCELING && !cancelRequested) {
            log.info("execution cancel requested execution={}", id);
            cancelRequested = true;
        }
        current = fresh;
        if (!renew) {
            clearClaimAnnouncement();
            return false;
        }
        Instant expires = Timestamps.now(parts.clock()).plus(parts.settings().leaseTtl());
        List<Long> clearing = uncleared;
        Execution renewed = ExecutionWriter.oneStep(
                fresh,
                fresh.withLease(new ExecutionLease(parts.settings().owner(), expires, token))
                        .withoutAnnouncements(clearing));
        if (parts.executions().compareAndSet(fresh, renewed)) {
            current = renewed;
            if (!clearing.isEmpty()) {
                uncleared = List.of();
            }
            return true;
        }
        return false; // changed meanwhile: the next tick reads it again
    }

    /** The claim's announcement, left pending while the run was expected to end soon, is cleared now. */
    private void clearClaimAnnouncement() {
        List<Long> versions = uncleared;
        if (versions.isEmpty()) {
            return;
        }
        parts.executions().clearAnnouncements(current, versions).ifPresent(e -> current = e);
        uncleared = List.of();
    }

    /** A lease about to expire unrenewed (store unreachable) stops the run before the reaper can act. */
    private void fenceIfUnrenewed() {
        Instant killBy = killBy();
        if (!lost && killBy != null && Timestamps.now(parts.clock()).isAfter(killBy)) {
            lost = true;
            log.warn(
                    "execution lease not renewed in time, run stopped execution={} expires_at={}",
                    id,
                    Timestamps.format(current.lease().expiresAt()));
        }
    }

    private boolean ours(Execution e) {
        return e != null
                && !e.status().completed()
                && e.lease() != null
                && e.lease().fencingToken() == token
                && e.lease().owner().equals(parts.settings().owner());
    }

    private void lose(Execution e) {
        if (!lost) {
            lost = true;
            log.warn(
                    "execution lease lost execution={} status={} lease={}",
                    id,
                    e == null ? "missing" : e.status(),
                    e == null ? null : e.lease());
        }
    }

    /**
     * Writes the outcome of the run (abandoned when a shutdown asked for it, canceled when the record is
     * canceling) unless the lease was lost. Retries store failures for a while, then throws, leaving the
     * record to the reaper.
     *
     * @return whether the outcome was written
     */
    boolean finish(Runner.Result outcome) {
        stopHeartbeat();
        JsonNode result = null;
        for (int attempt = 1; ; attempt++) {
            if (lost) {
                log.warn("execution outcome not written: lease lost execution={} status={}", id, outcome.status());
                return false;
            }
            try {
                if (result == null) {
                    result = parts.results().storable(id, resultOf(outcome));
                }
                if (write(current, outcome.status(), result)) {
                    return true;
                }
                Execution fresh = parts.executions().get(id).orElse(null);
                if (!ours(fresh)) {
                    lose(fresh);
                } else {
                    current = fresh;
                }
            } catch (StoreException e) {
                if (attempt >= FINISH_ATTEMPTS) {
                    throw e;
                }
                log.warn(
                        "execution outcome not written yet execution={} attempt={} error={}",
                        id,
                        attempt,
                        e.toString());
                sleep(Math.min(5_000, 100L << attempt));
            }
        }
    }

    private boolean write(Execution cur, ExecutionStatus reported, JsonNode result) {
        if (reported == ExecutionStatus.RUNNING && HANDED_OFF_FROM.contains(cur.status()) && abandonReason == null) {
            return handOff(cur);
        }
        ExecutionStatus target = target(cur.status(), reported);
        Instant now = Timestamps.now(parts.clock());
        Execution next = cur.transitionTo(target, now).withResult(result);
        if (target == ExecutionStatus.PENDING || target == ExecutionStatus.PAUSED) {
            next = next.withLease(null); // waiting for an answer or a resume, not for this runner
        }
        if (!written(cur, next)) {
            return false;
        }
        pausedItself = cur.status() == ExecutionStatus.RUNNING && target == ExecutionStatus.PAUSED;
        log.info(
                "execution finished execution={} action={} status={} reported={}",
                id,
                cur.actionRef(),
                target,
                reported);
        return true;
    }

    /**
     * A runner that handed the execution to another service (an orquesta workflow goes to the workflow engines)
     * reports it still {@code running}: the status stays, the lease is dropped, and whoever took it over writes
     * the outcome. A pause or cancel asked while the runner was handing over stays asked: the service that took
     * the execution over carries it out.
     */
    private boolean handOff(Execution cur) {
        if (!written(cur, cur.withLease(null))) {
            return false;
        }
        log.info("execution handed off execution={} action={}", id, cur.actionRef());
        return true;
    }

    /** Writes {@code next} over exactly {@code cur}, clearing the claim's announcement with it. */
    private boolean written(Execution cur, Execution next) {
        if (parts.writer().change(cur, next, uncleared).isEmpty()) {
            return false;
        }
        uncleared = List.of();
        return true;
    }

    private ExecutionStatus target(ExecutionStatus from, ExecutionStatus reported) {
        if (abandonReason != null) {
            return ExecutionStatus.ABANDONED;
        }
        if (from == ExecutionStatus.CANCELING) {
            return ExecutionStatus.CANCELED;
        }
        return ExecutionStatus.isLegal(from, reported) ? reported : ExecutionStatus.FAILED;
    }

    private JsonNode resultOf(Runner.Result outcome) {
        String reason = abandonReason;
        if (reason == null) {
            return outcome.result();
        }
        ObjectNode r = outcome.result() instanceof ObjectNode o ? o.deepCopy() : Json.object();
        r.put("error", reason);
        return r;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
