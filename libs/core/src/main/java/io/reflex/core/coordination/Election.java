package io.reflex.core.coordination;

/** Participation in a leader election. Closing it leaves the election (and gives up leadership). */
public interface Election extends AutoCloseable {
    String group();

    /** Whether this member leads now, as far as it knows. Does not block. */
    boolean isLeader();

    @Override
    void close();
}
