package io.reflex.content;

import io.reflex.core.model.ContentStamp;
import io.reflex.core.model.Trigger;
import io.reflex.core.model.TriggerType;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.StateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Every trigger and trigger type, read from the store once and reused while the stored {@link ContentStamp}
 * is the one they were loaded under (and for at most {@code ttl}): what a webhook needs to find its
 * triggers and their types without a query per request. Every write of triggers and trigger types renews
 * the stamp before it returns ({@link ContentStamp#renewedOnWrite}) and the stamp is read for every lookup, so a webhook registered,
 * changed or removed through any API node (or by registration) is seen by the next request on every node;
 * the cost is one read by id per lookup at most, shared by concurrent lookups ({@link ContentStamp.Reads}: a
 * read that began after the lookup did, so the guarantee is the same). {@code ttl} bounds staleness after writes that bypass Reflex. Two
 * threads may load at once; that costs a query, never correctness. Blocks on the store.
 */
public final class TriggerCatalogue {
    /** How long a snapshot is reused at most when the stamp does not change. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);

    /**
     * The triggers and trigger types as loaded under one content stamp: what one request reads, so that its
     * lookups agree with each other and with the stamp it passes on ({@link
     * io.reflex.core.messages.Channels.TriggerDispatch#contentStamp}).
     *
     * @param stamp the content stamp read before this was loaded (or reused)
     */
    public record Snapshot(
            String stamp,
            Map<String, Trigger> triggers,
            Map<String, TriggerType> types,
            Map<String, List<Trigger>> byType) {
        /** The triggers of trigger type {@code typeRef}, by name. */
        public List<Trigger> ofType(String typeRef) {
            return byType.getOrDefault(typeRef, List.of());
        }

        /** The trigger type of a trigger type ref or of a trigger ref. */
        public Optional<TriggerType> typeOf(String ref) {
            TriggerType type = types.get(ref);
            if (type != null) {
                return Optional.of(type);
            }
            Trigger trigger = triggers.get(ref);
            return trigger == null ? Optional.empty() : Optional.ofNullable(types.get(trigger.type()));
        }
    }

    private final StateStore store;
    /** One entry: the catalogue, loaded under the stamp and reused while it holds. */
    private final ContentStamp.Cache<Snapshot> cache;

    public TriggerCatalogue(StateStore store, Duration ttl, LongSupplier nanoTime) {
        this.store = store;
        this.cache = new ContentStamp.Cache<>(store, ttl, nanoTime);
    }

    public TriggerCatalogue(StateStore store) {
        this(store, DEFAULT_TTL, System::nanoTime);
    }

    /** The triggers of trigger type {@code typeRef}, by name. */
    public List<Trigger> ofType(String typeRef) {
        return current().ofType(typeRef);
    }

    /** The trigger type of a trigger type ref or of a trigger ref. */
    public Optional<TriggerType> typeOf(String ref) {
        return current().typeOf(ref);
    }

    /**
     * The catalogue including every change whose write completed before this call (and, for changes made behind
     * Reflex's back, as of at most {@code ttl} ago). One store read of the stamp at most.
     */
    public Snapshot current() {
        return cache.get("", null, (key, stamp) -> load(stamp));
    }

    private Snapshot load(String stamp) {
        List<Trigger> triggers = store.store(Kinds.TRIGGER).find(Query.all());
        Map<String, Trigger> byRef = new HashMap<>();
        Map<String, List<Trigger>> byType = new HashMap<>();
        for (Trigger t : triggers) {
            byRef.put(t.ref(), t);
            byType.computeIfAbsent(t.type(), k -> new ArrayList<>()).add(t);
        }
        byType.replaceAll(
                (k, v) -> v.stream().sorted(Comparator.comparing(Trigger::name)).toList());
        Map<String, TriggerType> types = new HashMap<>();
        for (TriggerType type : store.store(Kinds.TRIGGER_TYPE).find(Query.all())) {
            types.put(type.ref(), type);
        }
        return new Snapshot(stamp, Map.copyOf(byRef), Map.copyOf(types), Map.copyOf(byType));
    }
}
