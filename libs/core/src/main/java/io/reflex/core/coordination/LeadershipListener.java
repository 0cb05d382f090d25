package io.reflex.core.coordination;

/**
 * Told when this member gains or loses leadership. Called on a coordinator thread, one call at a time,
 * in order; do not block in it (hand work to your own thread). After {@link #revoked} the member must stop
 * acting as leader at once: another member may already lead.
 */
public interface LeadershipListener {
    /** This member became leader; {@code term} grows with every election of the group. */
    void elected(long term);

    void revoked();
}
