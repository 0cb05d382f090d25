package io.reflex.core.coordination;

/**
 * This process's membership in a group. It lasts until closed or until the coordinator session is lost
 * (then other members see it leave). Closing it is idempotent.
 */
public interface Membership extends AutoCloseable {
    String group();

    String memberId();

    @Override
    void close();
}
