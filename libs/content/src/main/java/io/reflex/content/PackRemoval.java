package io.reflex.content;

import io.reflex.core.model.ContentStamp;
import io.reflex.core.store.ContentQueries;
import io.reflex.core.store.EntityKind;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unregisters a pack: its record first (so no node materialises it any more), then everything it holds
 * (for {@code core}, the engine's built-in trigger types and their Triggers stay).
 * Idempotent: removing a pack that is not registered removes nothing. Stored content archives are kept:
 * executions may still name that version.
 */
public final class PackRemoval {
    private static final Logger log = LoggerFactory.getLogger(PackRemoval.class);
    private static final int BATCH = 1000;
    private static final List<EntityKind<?>> CONTENT = List.of(
            Kinds.RULE,
            Kinds.ACTION_ALIAS,
            Kinds.POLICY,
            Kinds.SENSOR_TYPE,
            Kinds.ACTION,
            Kinds.TRIGGER,
            Kinds.TRIGGER_TYPE,
            Kinds.PACK_CONFIG,
            Kinds.CONFIG_SCHEMA);

    private PackRemoval() {}

    /**
     * Uninstalls {@code pack}: its directory in the user packs directory {@code packsDir} and its virtualenv
     * are deleted, then its records (as {@link #unregister}). Shipped system packs are never passed here.
     *
     * @return how many records of each kind were deleted (collection name → count)
     */
    public static Map<String, Long> uninstall(StateStore store, Path packsDir, Path virtualenvsDir, String pack) {
        ContentCache.deleteTree(packsDir.resolve(pack));
        ContentCache.deleteTree(virtualenvsDir.resolve(pack));
        return unregister(store, pack);
    }

    /** @return how many records of each kind were deleted (collection name → count) */
    public static Map<String, Long> unregister(StateStore store, String pack) {
        Map<String, Long> removed = new LinkedHashMap<>();
        ContentStamp.batch(() -> {
            removed.put(Kinds.PACK.collection(), deleteAll(store, Kinds.PACK, ContentQueries.byRef(pack)));
            for (EntityKind<?> kind : CONTENT) {
                removed.put(kind.collection(), deleteAll(store, kind, contentOf(pack, kind)));
            }
        });
        log.info("pack unregistered pack={} removed={}", pack, removed);
        return removed;
    }

    /**
     * The records of {@code pack} of one kind. The engine's own trigger types belong to pack {@code core} but
     * not to its files: they, and the Triggers of their types (rules of other packs use them), stay.
     */
    private static Filter contentOf(String pack, EntityKind<?> kind) {
        Filter ofPack = ContentQueries.byPack(pack);
        if (!pack.equals(Catalogue.SYSTEM_PACK) || (kind != Kinds.TRIGGER_TYPE && kind != Kinds.TRIGGER)) {
            return ofPack;
        }
        String field = kind == Kinds.TRIGGER_TYPE ? "ref" : "type";
        List<Filter> all = new ArrayList<>(List.of(ofPack));
        Catalogue.systemTriggerTypes().forEach(t -> all.add(Filter.ne(field, t.ref())));
        return Filter.and(all.toArray(Filter[]::new));
    }

    private static long deleteAll(StateStore store, EntityKind<?> kind, Filter filter) {
        long total = 0;
        long n;
        do {
            n = store.store(kind).deleteMatching(filter, BATCH);
            total += n;
        } while (n == BATCH);
        return total;
    }
}
