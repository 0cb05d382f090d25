package io.reflex.testing;

import io.reflex.core.coordination.Member;
import io.reflex.core.coordination.Membership;
import java.util.Objects;
import java.util.function.Consumer;

/** A member entry of an {@link InMemoryCoordinationState} group. */
final class InMemoryMembership implements Membership {
    private final String group;
    private final Member member;
    private final Consumer<InMemoryMembership> onClose;

    InMemoryMembership(String group, Member member, Consumer<InMemoryMembership> onClose) {
        this.group = Objects.requireNonNull(group, "group");
        this.member = member;
        this.onClose = onClose;
    }

    @Override
    public String group() {
        return group;
    }

    @Override
    public String memberId() {
        return member.id();
    }

    Member member() {
        return member;
    }

    @Override
    public void close() {
        onClose.accept(this);
    }
}
