package io.reflex.sensorcontainer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.bus.Subscription;
import io.reflex.core.coordination.Coordinator;
import io.reflex.core.coordination.Lease;
import io.reflex.core.coordination.Member;
import io.reflex.core.health.HealthCheck;
import io.reflex.core.health.HealthStatus;
import io.reflex.core.model.SensorType;
import io.reflex.runtime.lifecycle.Component;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the sensors this container owns. One loop thread reconciles what should run with what runs: on every
 * membership change of the {@code sensorcontainer} group, on every stop that finished, and at least every
 * {@code sensorcontainer.rebalance_interval} (which is how enabling, disabling and re-registering sensors
 * take effect). A sensor is started only under its coordinator lock {@code sensor:<ref>}, taken without
 * waiting, and the lock is released only once its process is gone; a watchdog thread SIGKILLs a sensor the
 * moment its lock is lost or the coordinator is unreachable, because then another container may already
 * own it. Closing drains: every sensor is stopped (SIGTERM, then SIGKILL), every lock released.
 *
 * <p>A member that leaves the group without a drain may be frozen rather than dead, its sensors still running
 * until they notice that its keepalives stopped. Its session expires only after that by design, but a busy or
 * paused host can eat the margin, so after any member leaves this container starts no sensor until those
 * processes must be gone ({@link SensorSettings#orphanLifetime}): a sensor moved off a lost container starts
 * that much later, and never runs twice.
 */
final class SensorContainer implements Component {
    static final String GROUP = "sensorcontainer";
    static final String LOCK_PREFIX = "sensor:";
    /** Member capability: the container's partition provider ({@code single} in single-sensor mode). */
    static final String PROVIDER = "partition_provider";
    /** Member capability: the one sensor a container in single-sensor mode runs. */
    static final String SENSOR_REF = "sensor_ref";

    private static final Logger log = LoggerFactory.getLogger(SensorContainer.class);
    private static final long WATCHDOG_MS = 100;
    private static final long HEALTH_EVERY = 5;

    private final Coordinator coordinator;
    private final SensorCatalog catalog;
    private final Partitioner partitioner;
    private final TriggerEmitter emitter;
    private final SensorToken token;
    private final SensorSettings settings;
    private final Path pythonDir;
    private final Clock clock;
    private final Map<String, Assignment> assignments = new ConcurrentHashMap<>();
    private final Map<String, String> problems = new ConcurrentHashMap<>();
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean closed;
    /** The members seen last, to notice one leaving. */
    private Set<String> lastMembers;
    /** No sensor starts before this ({@link System#nanoTime}), after a member left. */
    private volatile long holdStartsUntil = System.nanoTime();

    private SensorProcess.Launch launch;
    private Subscription watch;
    private Thread loop;
    private Thread watchdog;

    SensorContainer(
            Coordinator coordinator,
            SensorCatalog catalog,
            Partitioner partitioner,
            TriggerEmitter emitter,
            SensorToken token,
            SensorSettings settings,
            Path pythonDir,
            Clock clock) {
        this.coordinator = coordinator;
        this.catalog = catalog;
        this.partitioner = partitioner;
        this.emitter = emitter;
        this.token = token;
        this.settings = settings;
        this.pythonDir = pythonDir;
        this.clock = clock;
    }

    /** Unpacks the wrapper, mints the sensors' token, and starts the loop and the watchdog. */
    @Override
    public void start() {
        PythonFiles.unpack(pythonDir);
        launch = new SensorProcess.Launch(
                pythonDir, settings.apiUrl(), token.value(), System.getenv(), settings.orphanTimeout());
        watch = coordinator.watch(GROUP, members -> {
            noteMembers(members);
            wake.release();
        });
        loop = Thread.ofPlatform().name("sensor-container").daemon().start(this::runLoop);
        watchdog = Thread.ofPlatform().name("sensor-watchdog").daemon().start(this::runWatchdog);
        log.info(
                "sensor container started provider={} member={} rebalance_ms={}",
                partitioner.name(),
                settings.memberId(),
                settings.rebalanceInterval().toMillis());
    }

    /** The refs of the sensors this container runs (or is starting), not those being stopped. */
    Set<String> assigned() {
        return assignments.values().stream()
                .filter(a -> !a.stopping())
                .map(Assignment::ref)
                .collect(Collectors.toUnmodifiableSet());
    }

    HealthCheck health() {
        return HealthCheck.of("sensors", () -> {
            long running = assignments.values().stream()
                    .filter(a -> !a.stopping() && a.process().alive())
                    .count();
            return HealthStatus.up("provider=" + partitioner.name() + " assigned="
                    + assigned().size() + " running=" + running + " member=" + settings.memberId());
        });
    }

    private void runLoop() {
        while (!closed) {
            try {
                reconcile();
            } catch (RuntimeException e) {
                log.warn("sensor reconcile failed error={}", e.toString());
            }
            long waitMs = settings.rebalanceInterval().toMillis();
            long heldMs = TimeUnit.NANOSECONDS.toMillis(holdStartsUntil - System.nanoTime());
            if (heldMs >= 0) {
                waitMs = Math.min(waitMs, heldMs + 1);
            }
            try {
                wake.tryAcquire(waitMs, TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * The sensors that live containers in single-sensor mode ({@link #SENSOR_REF}) other than {@code self} are
     * dedicated to: they run there, not here, for as long as that container is a member.
     */
    static Set<String> dedicatedElsewhere(Collection<Member> group, String self) {
        return group.stream()
                .filter(m -> !m.id().equals(self))
                .map(m -> m.capabilities().getOrDefault(SENSOR_REF, ""))
                .filter(ref -> !ref.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The members that share sensors out by membership: those whose {@link #PROVIDER} is {@code membership}
     * or not advertised. A container with a fixed list (kvstore, file, hash, default) or in single-sensor mode
     * takes no share: counting it would hand it sensors it never runs.
     */
    static Set<String> sharing(Collection<Member> group) {
        return group.stream()
                .filter(m ->
                        m.capabilities().getOrDefault(PROVIDER, "membership").equals("membership"))
                .map(Member::id)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** One round: forget finished stops, stop what is not ours, start what is, refresh what runs. */
    void reconcile() {
        assignments.values().removeIf(Assignment::stopDone);
        if (closed) {
            return;
        }
        if (!coordinator.health().check().up()) {
            assignments.values().forEach(a -> release(a, "coordinator unreachable", true));
            return;
        }
        SensorCatalog.Snapshot snapshot = catalog.read();
        Collection<Member> group = coordinator.members(GROUP);
        noteMembers(group);
        boolean holding = System.nanoTime() - holdStartsUntil < 0;
        Set<String> dedicated = dedicatedElsewhere(group, settings.memberId());
        Set<String> owned = partitioner.owned(
                snapshot.enabled().keySet().stream()
                        .filter(ref -> !dedicated.contains(ref))
                        .toList(),
                sharing(group));
        for (Assignment a : assignments.values()) {
            if (!a.stopping() && !a.lease().isValid()) {
                release(a, "lock lost", true);
            } else if (!a.stopping() && a.killed()) {
                // killed by the watchdog while the lock stayed valid (the coordinator was briefly unreachable):
                // give the lock back, so that the sensor is started again, here or elsewhere
                release(a, "killed while the coordinator was unreachable", false);
            } else if (!a.stopping() && !owned.contains(a.ref())) {
                release(a, snapshot.enabled().containsKey(a.ref()) ? "owned elsewhere" : "disabled or removed", false);
            }
        }
        Map<String, ObjectNode> triggers = catalog.triggers(snapshot.enabled().values().stream()
                .filter(s -> owned.contains(s.ref()))
                .flatMap(s -> s.triggerTypes().stream())
                .collect(Collectors.toSet()));
        for (String ref : new TreeSet<>(owned)) {
            Assignment a = assignments.get(ref);
            if (a == null) {
                if (!holding) {
                    start(snapshot.enabled().get(ref), snapshot, triggers);
                }
            } else if (!a.stopping()) {
                refresh(a, snapshot.enabled().get(ref), snapshot, triggers);
            }
        }
        token.renewIfDue();
    }

    /**
     * Holds starts for an orphan's lifetime when another member is gone that was there before. Called with every
     * membership change and every round, since a member can leave and come back (a session lost and made
     * anew) between two rounds.
     */
    private synchronized void noteMembers(Collection<Member> group) {
        // This container's own sensors are killed here the moment its session is lost: it waits for no one.
        Set<String> members = group.stream()
                .map(Member::id)
                .filter(m -> !m.equals(settings.memberId()))
                .collect(Collectors.toUnmodifiableSet());
        Set<String> before = lastMembers;
        lastMembers = members;
        if (before != null
                && !members.containsAll(before)
                && settings.orphanLifetime().isPositive()) {
            holdStartsUntil = System.nanoTime() + settings.orphanLifetime().toNanos();
            log.info(
                    "sensor starts held member_left={} hold_ms={}",
                    before.stream().filter(m -> !members.contains(m)).sorted().toList(),
                    settings.orphanLifetime().toMillis());
        }
    }

    private void start(SensorType sensor, SensorCatalog.Snapshot snapshot, Map<String, ObjectNode> triggers) {
        Optional<SensorSpec> spec = spec(sensor, snapshot);
        if (spec.isEmpty()) {
            return;
        }
        Optional<Lease> lease = coordinator.lock(LOCK_PREFIX + sensor.ref(), Duration.ZERO);
        if (lease.isEmpty()) {
            log.debug("sensor lock busy sensor={}", sensor.ref());
            return;
        }
        SensorProcess process =
                new SensorProcess(spec.get(), launch, settings.respawn(), new SensorEvents(emitter, clock), clock);
        assignments.put(sensor.ref(), new Assignment(sensor.ref(), lease.get(), process));
        log.info(
                "sensor assigned sensor={} member={} fencing_token={}",
                sensor.ref(),
                settings.memberId(),
                lease.get().fencingToken());
        process.start(triggersOf(spec.get(), triggers), lease.get()::isValid);
    }

    private void refresh(
            Assignment a, SensorType sensor, SensorCatalog.Snapshot snapshot, Map<String, ObjectNode> triggers) {
        Optional<SensorSpec> spec = spec(sensor, snapshot);
        if (spec.isPresent() && !spec.get().equals(a.process().spec())) {
            release(a, "definition changed", false); // started again, as defined now, by a later round
        } else {
            a.process().triggers(triggersOf(a.process().spec(), triggers));
        }
    }

    /** The spec, or empty (logged once per distinct problem) when the sensor cannot run here. */
    private Optional<SensorSpec> spec(SensorType sensor, SensorCatalog.Snapshot snapshot) {
        try {
            SensorSpec spec = catalog.spec(sensor, snapshot);
            problems.remove(sensor.ref());
            return Optional.of(spec);
        } catch (RuntimeException e) {
            if (!e.toString().equals(problems.put(sensor.ref(), e.toString()))) {
                log.warn("sensor cannot run sensor={} error={}", sensor.ref(), e.toString());
            }
            return Optional.empty();
        }
    }

    private static Map<String, ObjectNode> triggersOf(SensorSpec spec, Map<String, ObjectNode> all) {
        Map<String, ObjectNode> mine = new HashMap<>();
        all.forEach((id, t) -> {
            if (spec.triggerTypes().contains(t.path("type").asText())) {
                mine.put(id, t);
            }
        });
        return mine;
    }

    private void release(Assignment a, String reason, boolean killFirst) {
        if (a.stopping()) {
            return;
        }
        log.info("sensor released sensor={} member={} reason=\"{}\"", a.ref(), settings.memberId(), reason);
        if (killFirst) {
            a.kill();
        }
        a.beginStop(settings.stopTimeout(), wake::release);
    }

    /**
     * Lock validity is a local flag, looked at every 100 ms; the coordinator's health may cost a round trip
     * (Redis pings), so it is asked every 500 ms, and every round while it is down. ZooKeeper reports down as
     * soon as the connection is suspended, which is before the server can expire the session and hand the lock
     * to someone else.
     */
    private void runWatchdog() {
        boolean coordinatorUp = true;
        // four keepalives per orphan timeout, so that one late write is no reason for a sensor to stop
        long keepaliveEvery = Math.max(1, settings.orphanTimeout().toMillis() / 4 / WATCHDOG_MS);
        for (long round = 0; !closed; round++) {
            // While it is down, ask every round: sensors started after it came back must not be killed on a
            // stale answer.
            if (round % HEALTH_EVERY == 0 || !coordinatorUp) {
                coordinatorUp = coordinator.health().check().up();
            }
            boolean keepalive = settings.orphanTimeout().isPositive() && round % keepaliveEvery == 0;
            for (Assignment a : assignments.values()) {
                if ((!coordinatorUp || a.lockLost()) && !a.stopDone() && a.kill()) {
                    log.warn(
                            "sensor killed sensor={} reason=\"{}\"",
                            a.ref(),
                            coordinatorUp ? "lock lost" : "coordinator unreachable");
                    wake.release();
                } else if (keepalive && coordinatorUp && !a.lockLost() && !a.stopDone()) {
                    a.process().keepalive();
                }
            }
            try {
                Thread.sleep(WATCHDOG_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Drains: stops every sensor (in parallel), releases every lock, deletes the sensors' token. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        wake.release();
        join(loop);
        if (watchdog != null) {
            watchdog.interrupt();
            join(watchdog);
        }
        if (watch != null) {
            watch.close();
        }
        List<CompletableFuture<Void>> stops = assignments.values().stream()
                .map(a -> a.beginStop(settings.stopTimeout(), () -> {}))
                .toList();
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
                    .get(settings.stopTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("sensor container drain incomplete error={}", e.toString());
        }
        token.delete();
        log.info("sensor container drained sensors={} member={}", stops.size(), settings.memberId());
    }

    private static void join(Thread t) {
        if (t == null) {
            return;
        }
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
