package io.reflex.testing.contract;

import io.reflex.core.coordination.LeadershipListener;
import io.reflex.core.coordination.Member;
import io.reflex.core.coordination.MembershipListener;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** Listeners that remember what they were told, for the coordinator contract. */
final class CoordinatorRecorders {
    private CoordinatorRecorders() {}

    static final class Leadership implements LeadershipListener {
        final List<Long> terms = new CopyOnWriteArrayList<>();
        final AtomicInteger revocations = new AtomicInteger();
        private volatile boolean leading;

        @Override
        public void elected(long term) {
            terms.add(term);
            leading = true;
        }

        @Override
        public void revoked() {
            revocations.incrementAndGet();
            leading = false;
        }

        /** Whether the last call was {@link #elected}. */
        boolean leading() {
            return leading;
        }

        long lastTerm() {
            return terms.isEmpty() ? Long.MIN_VALUE : terms.getLast();
        }
    }

    static final class Members implements MembershipListener {
        final List<Set<Member>> seen = new CopyOnWriteArrayList<>();

        @Override
        public void membersChanged(Set<Member> members) {
            seen.add(members);
        }

        /** The ids of the last set told, or null before the first call. */
        Set<String> latestIds() {
            return seen.isEmpty() ? null : ids(seen.getLast());
        }

        /** Whether some set told so far had exactly these ids. */
        boolean sawIds(Set<String> expected) {
            return seen.stream().anyMatch(s -> ids(s).equals(expected));
        }

        static Set<String> ids(Set<Member> members) {
            return members.stream().map(Member::id).collect(Collectors.toUnmodifiableSet());
        }
    }
}
