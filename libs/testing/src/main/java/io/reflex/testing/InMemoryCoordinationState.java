package io.reflex.testing;

import io.reflex.core.coordination.AbstractLease;
import io.reflex.core.coordination.Member;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The "backend" of {@link InMemoryCoordinator}: the state every session shares (semaphores and their FIFO
 * waiters, election queues and terms, group members and their watchers). Every method but
 * {@link #run}/{@link #call} expects the caller to hold {@link #lock}.
 */
final class InMemoryCoordinationState {
    final ReentrantLock lock = new ReentrantLock();
    final AtomicLong sessions = new AtomicLong();
    private final Condition changed = lock.newCondition();
    private final Map<String, Semaphore> semaphores = new HashMap<>();
    private final Map<String, ElectionGroup> electionGroups = new HashMap<>();
    private final Map<String, Map<String, InMemoryMembership>> groups = new HashMap<>();
    private final Map<String, List<InMemoryGroupWatch>> watches = new HashMap<>();

    /** Runs {@code body} under the lock. */
    void run(Runnable body) {
        lock.lock();
        try {
            body.run();
        } finally {
            lock.unlock();
        }
    }

    /** Computes {@code body} under the lock. */
    <T> T call(Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code name} has a free permit and every earlier waiter has been served, or until
     * {@code deadline} ({@link System#nanoTime()}). The lease frees its permit when it ends, and then calls
     * {@code alsoForget} under the lock.
     */
    Optional<InMemoryLease> awaitGrant(
            String name, int permits, long deadline, Consumer<? super AbstractLease> alsoForget)
            throws InterruptedException {
        Semaphore sem = semaphores.computeIfAbsent(name, n -> new Semaphore());
        Object ticket = new Object();
        sem.queue.add(ticket);
        try {
            // FIFO: only the head of the queue may take a free permit.
            while (sem.queue.peek() != ticket || sem.holders.size() >= permits) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                changed.awaitNanos(left);
            }
            InMemoryLease lease = new InMemoryLease(
                    name,
                    ++sem.lastToken,
                    ended -> run(() -> {
                        sem.holders.remove(ended);
                        alsoForget.accept(ended);
                        changed.signalAll();
                    }));
            sem.holders.add(lease);
            return Optional.of(lease);
        } finally {
            sem.queue.remove(ticket);
            changed.signalAll();
        }
    }

    int waiters(String name) {
        Semaphore sem = semaphores.get(name);
        return sem == null ? 0 : sem.queue.size();
    }

    /** Joins the back of the group's election queue; the head of the queue leads. */
    void enter(InMemoryElection e) {
        ElectionGroup g = electionGroups.computeIfAbsent(e.group(), k -> new ElectionGroup());
        g.candidates.add(e);
        promote(g);
    }

    void leave(InMemoryElection e) {
        ElectionGroup g = electionGroups.get(e.group());
        if (g == null || !g.candidates.remove(e)) {
            return;
        }
        if (e.isLeader()) {
            e.revoked();
        }
        promote(g);
    }

    private void promote(ElectionGroup g) {
        InMemoryElection head = g.candidates.peek();
        if (head != null && !head.isLeader()) {
            head.elected(++g.term);
        }
    }

    void putMember(InMemoryMembership m) {
        groups.computeIfAbsent(m.group(), k -> new LinkedHashMap<>()).put(m.memberId(), m);
        notifyWatchers(m.group());
    }

    void removeMember(InMemoryMembership m) {
        Map<String, InMemoryMembership> members = groups.get(m.group());
        if (members != null && members.remove(m.memberId(), m)) {
            if (members.isEmpty()) {
                groups.remove(m.group());
            }
            notifyWatchers(m.group());
        }
    }

    Set<Member> membersOf(String group) {
        Set<Member> out = new HashSet<>();
        groups.getOrDefault(group, Map.of()).values().forEach(m -> out.add(m.member()));
        return Set.copyOf(out);
    }

    Set<String> groupNames() {
        return Set.copyOf(groups.keySet());
    }

    /** Adds the watch and tells it the current members. */
    void addWatch(InMemoryGroupWatch w) {
        watches.computeIfAbsent(w.group(), g -> new ArrayList<>()).add(w);
        w.tell(membersOf(w.group()));
    }

    void removeWatch(InMemoryGroupWatch w) {
        watches.getOrDefault(w.group(), new ArrayList<>()).remove(w);
    }

    private void notifyWatchers(String group) {
        Set<Member> now = membersOf(group);
        watches.getOrDefault(group, List.of()).forEach(w -> w.tell(now));
    }

    private static final class Semaphore {
        final ArrayDeque<Object> queue = new ArrayDeque<>();
        final Set<AbstractLease> holders = new HashSet<>();
        long lastToken;
    }

    private static final class ElectionGroup {
        final ArrayDeque<InMemoryElection> candidates = new ArrayDeque<>();
        long term;
    }
}
