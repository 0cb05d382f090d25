package io.reflex.core.coordination;

import java.util.Set;

/**
 * Told the full member set of a group whenever it changes (and once right after watching starts). Called
 * on a coordinator thread, one call at a time; do not block in it.
 */
@FunctionalInterface
public interface MembershipListener {
    void membersChanged(Set<Member> members);
}
