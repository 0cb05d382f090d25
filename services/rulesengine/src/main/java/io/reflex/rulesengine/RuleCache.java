package io.reflex.rulesengine;

import io.reflex.core.model.Rule;
import io.reflex.core.model.Trigger;
import io.reflex.core.model.TriggerType;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.StateStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The rules of each trigger, read from the store and reused for {@code ttl}: a rule created, changed,
 * enabled, disabled or deleted through any API node applies to trigger instances within {@code ttl},
 * without a restart and without a change feed (mongo-java-server has none). Several threads may load the
 * same trigger at once after expiry; that costs a query, never correctness. Blocks on the store.
 */
final class RuleCache {
    private record Entry(TriggerRules rules, long loadedAt) {}

    private final StateStore store;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    RuleCache(StateStore store, Duration ttl, LongSupplier nanoTime) {
        this.store = store;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    RuleCache(StateStore store, Duration ttl) {
        this(store, ttl, System::nanoTime);
    }

    /** The rules on {@code trigger} as of at most {@code ttl} ago. */
    TriggerRules forTrigger(String trigger) {
        long now = nanoTime.getAsLong();
        Entry e = entries.get(trigger);
        if (e != null && now - e.loadedAt() < ttlNanos) {
            return e.rules();
        }
        TriggerRules loaded = load(trigger);
        entries.put(trigger, new Entry(loaded, now));
        return loaded;
    }

    private TriggerRules load(String ref) {
        List<Rule> rules = store
                .store(Kinds.RULE)
                .find(Query.of(Filter.and(
                        Filter.eq("enabled", true),
                        Filter.or(Filter.eq("trigger.ref", ref), Filter.eq("trigger.type", ref)))))
                .stream()
                .filter(r -> TriggerRules.listensTo(r, ref))
                .toList();
        Trigger trigger =
                store.store(Kinds.TRIGGER).findOne(Filter.eq("ref", ref)).orElse(null);
        String typeRef = trigger == null ? ref : trigger.type();
        TriggerType type = store.store(Kinds.TRIGGER_TYPE)
                .findOne(Filter.eq("ref", typeRef))
                .orElse(null);
        return new TriggerRules(ref, rules, trigger, type);
    }
}
