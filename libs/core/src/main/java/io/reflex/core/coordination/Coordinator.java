package io.reflex.core.coordination;

import io.reflex.core.bus.Subscription;
import io.reflex.core.health.HealthCheck;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Coordination between processes: locks and semaphores with leases and fencing tokens, leader election,
 * and group membership. One coordinator is one session with the backend; when that session is lost every
 * lease, leadership and membership it held is lost with it (and listeners are told), and the coordinator
 * opens a new session on its own.
 */
public interface Coordinator extends AutoCloseable {
    /**
     * Acquires the exclusive lock {@code name}, waiting up to {@code wait} (zero: try once).
     *
     * @return the lease, or empty if it was not free in time
     * @throws CoordinationException when the backend cannot be reached
     */
    default Optional<Lease> lock(String name, Duration wait) {
        return acquire(name, 1, wait);
    }

    /**
     * Acquires one of {@code permits} permits of the semaphore {@code name}, waiting up to {@code wait}.
     * Every holder must use the same {@code permits} for the same name. Waiters are served in arrival
     * order where the backend allows it (ZooKeeper does; Redis does not guarantee it).
     *
     * @return the lease, or empty if no permit was free in time
     * @throws CoordinationException when the backend cannot be reached
     */
    Optional<Lease> acquire(String name, int permits, Duration wait);

    /**
     * Joins the leader election of {@code group} as {@code memberId}. At most one member of a group leads
     * at a time (as long as sessions are honoured); when the leader leaves or its session dies, another
     * member is elected. Returns at once; the listener is told when this member is elected.
     */
    Election elect(String group, String memberId, LeadershipListener listener);

    /** Joins {@code group} as {@code memberId}, advertising {@code capabilities}; visible until closed. */
    Membership join(String group, String memberId, Map<String, String> capabilities);

    /** The current members of {@code group} (empty when none). */
    Set<Member> members(String group);

    /** Lists the groups that currently have members. */
    Set<String> groups();

    /** Watches the members of {@code group}; the listener is called with the full set on every change. */
    Subscription watch(String group, MembershipListener listener);

    /** Connected, with the backend's address; down while the session is lost. */
    HealthCheck health();

    /** Releases every lease, leaves every election and group, and closes the session. */
    @Override
    void close();
}
