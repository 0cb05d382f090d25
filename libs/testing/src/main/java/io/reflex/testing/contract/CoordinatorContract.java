package io.reflex.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.bus.Subscription;
import io.reflex.core.coordination.Coordinator;
import io.reflex.core.coordination.Election;
import io.reflex.core.coordination.Lease;
import io.reflex.core.coordination.Member;
import io.reflex.core.coordination.Membership;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Coordinator} contract, run against the in-memory fake and every real adapter. A subclass gives
 * {@link #newCoordinator()} (each call a new, independent session: "another process" on the same backend)
 * and {@link #killSession} (that session dies without releasing anything, as a crashed or partitioned
 * process would). Names are unique per test, so a shared backend is fine.
 */
public abstract class CoordinatorContract {
    /** How long ordinary waits may take (a grant after a release, a listener call). */
    protected static final Duration WAIT = Duration.ofSeconds(15);

    private final List<Coordinator> opened = new CopyOnWriteArrayList<>();

    /** A new coordinator with its own session on the backend under test; the contract closes it. */
    protected abstract Coordinator newCoordinator();

    /** Makes {@code coordinator}'s session die without releasing its leases, leadership or memberships. */
    protected abstract void killSession(Coordinator coordinator);

    /** How long the backend may take to notice a dead session (session timeout or lease TTL, plus slack). */
    protected Duration sessionLossTimeout() {
        return Duration.ofSeconds(30);
    }

    @AfterEach
    public void closeCoordinators() {
        for (Coordinator c : opened) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // a coordinator whose session was killed may fail to close cleanly; the test is over
            }
        }
        opened.clear();
    }

    @Test
    public void lockIsExclusiveBetweenTwoCoordinators() {
        Coordinator a = coordinator();
        Coordinator b = coordinator();
        String name = unique("pack.sensor/one:two");

        Lease held = a.lock(name, Duration.ZERO).orElseThrow();
        assertThat(held.name()).isEqualTo(name);
        assertThat(held.isValid()).isTrue();
        assertThat(b.lock(name, Duration.ofMillis(300))).isEmpty();

        held.release();
        Lease next = b.lock(name, WAIT).orElseThrow();
        assertThat(next.isValid()).isTrue();
        assertThat(a.lock(name, Duration.ZERO)).isEmpty();
    }

    @Test
    public void tryLockWithZeroWaitReturnsEmptyWhileHeldEvenByTheSameCoordinator() {
        Coordinator a = coordinator();
        Coordinator b = coordinator();
        String name = unique("lock");

        assertThat(a.lock(name, Duration.ZERO)).isPresent();

        assertThat(b.lock(name, Duration.ZERO)).isEmpty();
        assertThat(a.lock(name, Duration.ZERO)).as("locks are not reentrant").isEmpty();
        assertThat(b.lock(unique("other"), Duration.ZERO))
                .as("other names are independent")
                .isPresent();
    }

    @Test
    public void semaphoreAdmitsAsManyHoldersAsItHasPermits() {
        String name = unique("semaphore");
        List<Lease> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(coordinator().acquire(name, 3, Duration.ZERO).orElseThrow());
        }
        Coordinator fourth = coordinator();
        assertThat(fourth.acquire(name, 3, Duration.ZERO)).isEmpty();

        held.getFirst().release();

        assertThat(fourth.acquire(name, 3, WAIT)).isPresent();
        assertThat(held).extracting(Lease::fencingToken).doesNotHaveDuplicates();
    }

    @Test
    public void releaseLetsTheWaiterInAndIsIdempotent() throws Exception {
        Coordinator a = coordinator();
        Coordinator b = coordinator();
        String name = unique("lock");
        Lease held = a.lock(name, Duration.ZERO).orElseThrow();
        CompletableFuture<Optional<Lease>> waiting = inBackground(() -> b.lock(name, WAIT.multipliedBy(2)));

        held.release();
        held.release();
        held.close();

        Lease granted = waiting.get(WAIT.toSeconds() * 2, TimeUnit.SECONDS).orElseThrow();
        assertThat(held.isValid()).isFalse();
        assertThat(granted.isValid()).isTrue();
        assertThat(granted.fencingToken()).isGreaterThan(held.fencingToken());
    }

    @Test
    public void fencingTokensStrictlyIncreaseAcrossGrants() {
        Coordinator a = coordinator();
        Coordinator b = coordinator();
        String name = unique("fenced");
        long last = Long.MIN_VALUE;
        for (int i = 0; i < 6; i++) {
            Lease lease = (i % 2 == 0 ? a : b).lock(name, WAIT).orElseThrow();
            assertThat(lease.fencingToken()).isGreaterThan(last);
            last = lease.fencingToken();
            lease.release();
        }
        Lease first = a.acquire(name + "-sem", 2, WAIT).orElseThrow();
        Lease second = b.acquire(name + "-sem", 2, WAIT).orElseThrow();
        first.release();
        Lease third = a.acquire(name + "-sem", 2, WAIT).orElseThrow();
        assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
        assertThat(third.fencingToken()).isGreaterThan(second.fencingToken());
    }

    @Test
    public void deadHoldersLockGoesToTheWaiterWithAHigherFencingToken() throws Exception {
        Coordinator a = coordinator();
        Coordinator b = coordinator();
        String name = unique("lock");
        Lease held = a.lock(name, Duration.ZERO).orElseThrow();
        Duration patience = sessionLossTimeout().plus(WAIT);
        CompletableFuture<Optional<Lease>> waiting = inBackground(() -> b.lock(name, patience));

        killSession(a);

        Lease granted = waiting.get(patience.toSeconds() + 5, TimeUnit.SECONDS).orElseThrow();
        assertThat(granted.fencingToken()).isGreaterThan(held.fencingToken());
        await().atMost(sessionLossTimeout()).until(() -> !held.isValid());
    }

    @Test
    public void leaseIsInvalidOnceItsSessionIsLost() {
        Coordinator a = coordinator();
        Lease held = a.lock(unique("lock"), Duration.ZERO).orElseThrow();

        killSession(a);

        await().atMost(sessionLossTimeout()).until(() -> !held.isValid());
    }

    @Test
    public void exactlyOneOfSeveralCandidatesLeads() {
        String group = unique("election");
        List<CoordinatorRecorders.Leadership> listeners = new ArrayList<>();
        List<Election> elections = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            CoordinatorRecorders.Leadership listener = new CoordinatorRecorders.Leadership();
            listeners.add(listener);
            elections.add(coordinator().elect(group, "member-" + i, listener));
        }

        await().atMost(WAIT).until(() -> leaders(elections) == 1);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> leaders(elections) == 1);
        assertThat(listeners.stream().mapToInt(l -> l.terms.size()).sum()).isEqualTo(1);
        assertThat(elections).allSatisfy(e -> assertThat(e.group()).isEqualTo(group));
    }

    @Test
    public void leaderIsReelectedWithAHigherTermWhenItsSessionDies() {
        String group = unique("election");
        List<Coordinator> coordinators = List.of(coordinator(), coordinator(), coordinator());
        List<CoordinatorRecorders.Leadership> listeners = new ArrayList<>();
        List<Election> elections = new ArrayList<>();
        for (int i = 0; i < coordinators.size(); i++) {
            listeners.add(new CoordinatorRecorders.Leadership());
            elections.add(coordinators.get(i).elect(group, "member-" + i, listeners.get(i)));
        }
        await().atMost(WAIT).until(() -> leaders(elections) == 1);
        int old = leaderIndex(elections);
        await().atMost(WAIT).until(() -> listeners.get(old).leading());
        long oldTerm = listeners.get(old).lastTerm();

        killSession(coordinators.get(old));

        Duration patience = sessionLossTimeout().plus(WAIT);
        await().atMost(patience).until(() -> leaders(elections) == 1 && leaderIndex(elections) != old);
        int next = leaderIndex(elections);
        await().atMost(WAIT).until(() -> listeners.get(next).leading());
        assertThat(listeners.get(next).lastTerm()).isGreaterThan(oldTerm);
        await().atMost(patience).until(() -> listeners.get(old).revocations.get() >= 1);
    }

    @Test
    public void closingTheLeadersElectionHandsLeadershipOn() {
        String group = unique("election");
        CoordinatorRecorders.Leadership first = new CoordinatorRecorders.Leadership();
        CoordinatorRecorders.Leadership second = new CoordinatorRecorders.Leadership();
        Election a = coordinator().elect(group, "a", first);
        await().atMost(WAIT).until(() -> a.isLeader() && first.leading());
        Election b = coordinator().elect(group, "b", second);

        a.close();

        await().atMost(WAIT).until(() -> b.isLeader() && second.leading());
        assertThat(a.isLeader()).isFalse();
        assertThat(second.lastTerm()).isGreaterThan(first.lastTerm());
        await().atMost(WAIT).until(() -> first.revocations.get() == 1);
    }

    @Test
    public void joinedMemberIsVisibleInMembersAndGroupsWithItsCapabilities() {
        Coordinator a = coordinator();
        Coordinator observer = coordinator();
        String group = unique("sensors/pool:eu");
        Map<String, String> capabilities = Map.of("runner", "python", "zone", "eu-1", "note", "é ünïcode \"quoted\"");

        a.join(group, "node:1/a", capabilities);
        a.join(group, "node-2", Map.of());

        assertThat(observer.members(group))
                .containsExactlyInAnyOrder(new Member("node:1/a", capabilities), new Member("node-2", Map.of()));
        assertThat(observer.groups()).contains(group);
        assertThat(observer.members(unique("empty"))).isEmpty();
    }

    @Test
    public void watchStartsWithTheCurrentMembers() {
        Coordinator a = coordinator();
        String group = unique("group");
        a.join(group, "m1", Map.of("k", "v"));
        CoordinatorRecorders.Members seen = new CoordinatorRecorders.Members();

        coordinator().watch(group, seen);

        await().atMost(WAIT).until(() -> seen.seen.size() >= 1);
        assertThat(seen.seen.getFirst()).containsExactly(new Member("m1", Map.of("k", "v")));
    }

    @Test
    public void watchOfAnEmptyGroupIsToldOfTheFirstJoin() {
        String group = unique("fresh");
        CoordinatorRecorders.Members seen = new CoordinatorRecorders.Members();
        coordinator().watch(group, seen);
        await().atMost(WAIT).until(() -> Set.of().equals(seen.latestIds()));

        coordinator().join(group, "first", Map.of("k", "v"));

        await().atMost(WAIT).until(() -> Set.of("first").equals(seen.latestIds()));
        assertThat(seen.seen.getLast()).containsExactly(new Member("first", Map.of("k", "v")));
    }

    @Test
    public void watchersAreToldWhenAMemberLeaves() {
        Coordinator a = coordinator();
        Coordinator b = coordinator();
        String group = unique("group");
        Membership m1 = a.join(group, "m1", Map.of());
        Membership m2 = b.join(group, "m2", Map.of());
        CoordinatorRecorders.Members seen = new CoordinatorRecorders.Members();
        Subscription watch = coordinator().watch(group, seen);
        await().atMost(WAIT).until(() -> Set.of("m1", "m2").equals(seen.latestIds()));

        m1.close();
        m1.close();

        await().atMost(WAIT).until(() -> Set.of("m2").equals(seen.latestIds()));
        assertThat(a.members(group)).extracting(Member::id).containsExactly("m2");
        m2.close();
        await().atMost(WAIT).until(() -> Set.of().equals(seen.latestIds()));
        assertThat(a.groups()).doesNotContain(group);
        watch.close();
    }

    @Test
    public void watchersAreToldWhenAMembersSessionDies() {
        Coordinator a = coordinator();
        Coordinator b = coordinator();
        String group = unique("group");
        a.join(group, "m1", Map.of());
        b.join(group, "m2", Map.of());
        CoordinatorRecorders.Members seen = new CoordinatorRecorders.Members();
        coordinator().watch(group, seen);
        await().atMost(WAIT).until(() -> Set.of("m1", "m2").equals(seen.latestIds()));

        killSession(a);

        await().atMost(sessionLossTimeout().plus(WAIT)).until(() -> seen.sawIds(Set.of("m2")));
    }

    @Test
    public void closingTheCoordinatorReleasesItsLeasesLeadershipAndMemberships() {
        Coordinator a = coordinator();
        Coordinator b = coordinator();
        String name = unique("lock");
        String group = unique("group");
        Lease held = a.lock(name, Duration.ZERO).orElseThrow();
        a.join(group, "a", Map.of());
        Election leading = a.elect(group, "a", new CoordinatorRecorders.Leadership());
        await().atMost(WAIT).until(leading::isLeader);
        Election waiting = b.elect(group, "b", new CoordinatorRecorders.Leadership());

        a.close();

        assertThat(held.isValid()).isFalse();
        assertThat(b.lock(name, WAIT)).isPresent();
        await().atMost(WAIT).until(waiting::isLeader);
        await().atMost(WAIT).until(() -> b.members(group).isEmpty());
    }

    @Test
    public void healthIsUpWhileConnected() {
        assertThat(coordinator().health().check().up()).isTrue();
        assertThat(coordinator().health().name()).isEqualTo("coordinator");
    }

    /** A new coordinator, closed after the test. */
    protected final Coordinator coordinator() {
        Coordinator c = newCoordinator();
        opened.add(c);
        return c;
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static <T> CompletableFuture<T> inBackground(java.util.function.Supplier<T> work) {
        return CompletableFuture.supplyAsync(
                work,
                task -> Thread.ofPlatform().daemon().name("contract-waiter").start(task));
    }

    private static long leaders(List<Election> elections) {
        return elections.stream().filter(Election::isLeader).count();
    }

    private static int leaderIndex(List<Election> elections) {
        for (int i = 0; i < elections.size(); i++) {
            if (elections.get(i).isLeader()) {
                return i;
            }
        }
        return -1;
    }
}
