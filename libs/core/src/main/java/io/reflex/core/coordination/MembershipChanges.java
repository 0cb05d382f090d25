package io.reflex.core.coordination;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The listener side of a group watch, for adapters: remembers the member set it last told and passes on only
 * real changes (and the first set), through the coordinator's listener thread, and nothing once closed.
 * Adapters feed it whatever they learn (a poll, a cache event, a local change). {@link #offer} calls must
 * not overlap (one poller, one event thread or one lock); {@link #close} may come from any thread.
 */
public final class MembershipChanges {
    private final MembershipListener listener;
    private final Executor calls;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Set<Member> last; // touched by offer only, which never overlaps itself

    public MembershipChanges(MembershipListener listener, Executor calls) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    /** Tells the listener {@code members} if they differ from the set told last. Does not block. */
    public void offer(Set<Member> members) {
        if (closed.get() || members.equals(last)) {
            return;
        }
        Set<Member> now = Set.copyOf(members);
        last = now;
        calls.execute(() -> {
            if (!closed.get()) {
                listener.membersChanged(now);
            }
        });
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Stops telling, calls already queued included; true for the call that closed it, false after that. */
    public boolean close() {
        return closed.compareAndSet(false, true);
    }
}
