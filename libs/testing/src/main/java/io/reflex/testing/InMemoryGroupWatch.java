package io.reflex.testing;

import io.reflex.core.bus.Subscription;
import io.reflex.core.coordination.Member;
import io.reflex.core.coordination.MembershipChanges;
import io.reflex.core.coordination.MembershipListener;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** A watcher of an {@link InMemoryCoordinationState} group, told by the state on every change. */
final class InMemoryGroupWatch implements Subscription {
    private final String group;
    private final MembershipChanges changes;
    private final Consumer<InMemoryGroupWatch> onClose;

    InMemoryGroupWatch(
            String group, MembershipListener listener, Executor calls, Consumer<InMemoryGroupWatch> onClose) {
        this.group = Objects.requireNonNull(group, "group");
        this.changes = new MembershipChanges(listener, calls);
        this.onClose = onClose;
    }

    String group() {
        return group;
    }

    /** Caller holds the state lock, so calls never overlap. */
    void tell(Set<Member> members) {
        changes.offer(members);
    }

    @Override
    public void close() {
        if (changes.close()) {
            onClose.accept(this);
        }
    }
}
