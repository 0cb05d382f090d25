package io.reflex.testing;

import io.reflex.core.coordination.Election;
import io.reflex.core.coordination.LeadershipListener;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** A candidate in an {@link InMemoryCoordinationState} election queue. */
final class InMemoryElection implements Election {
    private final String group;
    private final LeadershipListener listener;
    private final Executor calls;
    private final Consumer<InMemoryElection> onClose;
    private volatile boolean leader; // written under the state lock

    InMemoryElection(String group, LeadershipListener listener, Executor calls, Consumer<InMemoryElection> onClose) {
        this.group = Objects.requireNonNull(group, "group");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.calls = calls;
        this.onClose = onClose;
    }

    @Override
    public String group() {
        return group;
    }

    @Override
    public boolean isLeader() {
        return leader;
    }

    /** Caller holds the state lock. */
    void elected(long term) {
        leader = true;
        calls.execute(() -> listener.elected(term));
    }

    /** Caller holds the state lock. */
    void revoked() {
        leader = false;
        calls.execute(listener::revoked);
    }

    @Override
    public void close() {
        onClose.accept(this);
    }
}
