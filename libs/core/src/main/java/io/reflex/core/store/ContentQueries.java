package io.reflex.core.store;

import java.util.Collection;

/**
 * The named queries of pack content (actions, rules, triggers, trigger types, packs, policies…): every kind
 * stores its {@code ref} ({@code <pack>.<name>}, a pack's own name for packs) and its {@code pack} under
 * these field names, so one query serves every kind.
 */
public final class ContentQueries {
    private ContentQueries() {}

    /** The item whose {@code ref} is {@code ref} (refs are unique within a kind). */
    public static Filter byRef(String ref) {
        return Filter.eq("ref", ref);
    }

    /** The items whose {@code ref} is one of {@code refs}. */
    public static Filter byRefs(Collection<String> refs) {
        return Filter.in("ref", refs);
    }

    /** The items of one pack. */
    public static Filter byPack(String pack) {
        return Filter.eq("pack", pack);
    }
}
