package io.reflex.core.coordination;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every adapter's {@link Membership} keeps the same way: its group and member id, and the log lines
 * for joining and leaving. Subclasses add how the backend keeps the member visible and how it leaves.
 */
public abstract class AbstractMembership implements Membership {
    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String group;
    private final String memberId;

    protected AbstractMembership(String group, String memberId) {
        this.group = group;
        this.memberId = memberId;
    }

    @Override
    public final String group() {
        return group;
    }

    @Override
    public final String memberId() {
        return memberId;
    }

    /** Logs that the member is visible in its group now. */
    protected final void logJoined() {
        log.info("group joined group={} member={}", group, memberId);
    }

    /** Logs that the member left its group. */
    protected final void logLeft() {
        log.info("group left group={} member={}", group, memberId);
    }
}
