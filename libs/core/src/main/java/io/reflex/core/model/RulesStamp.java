package io.reflex.core.model;

import io.reflex.core.store.Entity;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import java.util.Objects;

/**
 * One stored value that changes whenever anything a rules engine caches changes: rules, triggers, trigger
 * types. Every writer of those renews it after its write; a rules engine reads it before it uses its cache
 * for a trigger instance and drops what it loaded under another stamp. Because the renewal is stored before
 * the write is acknowledged, a trigger instance sent after a rule change (a webhook right after
 * {@code st2 rule enable}) is matched against the changed rules, on every rules engine, with no message
 * that could be lost or arrive late. There is exactly one record ({@link #ID}).
 */
public record RulesStamp(String id, String stamp) implements Entity {
    public static final String ID = "rules";

    public RulesStamp {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(stamp, "stamp");
    }

    /**
     * Stores a new stamp: call after every write of a rule, trigger or trigger type. Blocks on the store.
     */
    public static void renew(StateStore store) {
        store.store(Kinds.RULES_STAMP).save(new RulesStamp(ID, Ids.newId()));
    }

    /** The current stamp, {@code ""} before the first renewal. Blocks on the store. */
    public static String current(StateStore store) {
        return store.store(Kinds.RULES_STAMP).get(ID).map(RulesStamp::stamp).orElse("");
    }
}
