package io.reflex.content;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.core.model.PackContent;
import io.reflex.core.store.ContentQueries;
import io.reflex.core.store.DuplicateKeyException;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Query;
import io.reflex.core.store.Store;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Makes the stored items of one pack equal to the items just loaded: new ones inserted, changed ones
 * replaced in place (keeping the stored id), unchanged ones untouched, removed ones deleted. Items whose
 * file failed to load this time, and items created through the API (no metadata file), are kept.
 */
final class ItemSync {
    private ItemSync() {}

    /** @return how many items were written (inserted, replaced or deleted) */
    static <T extends PackContent> int sync(
            Store<T> store, String pack, List<T> desired, Set<String> failedFiles, Function<T, String> metadataFile) {
        Map<String, T> existing = new HashMap<>();
        for (T t : store.find(Query.of(ContentQueries.byPack(pack)))) {
            existing.put(t.name(), t);
        }
        int writes = 0;
        for (T item : desired) {
            T old = existing.remove(item.name());
            if (old == null) {
                insertOrTakeOver(store, pack, item);
                writes++;
                continue;
            }
            writes += replaceIfChanged(store, item, old) ? 1 : 0;
        }
        for (T stale : existing.values()) {
            String file = metadataFile.apply(stale);
            if (file.isEmpty() || failedFiles.contains(file)) {
                continue;
            }
            store.delete(stale.id());
            writes++;
        }
        return writes;
    }

    /**
     * Inserts a new item. Another process registering the same pack at the same moment (two api processes
     * behind a load balancer, each told to register) may have inserted it between our read and this write:
     * then this registration's version replaces that one, as if it had been read before.
     */
    private static <T extends PackContent> void insertOrTakeOver(Store<T> store, String pack, T item) {
        try {
            store.insert(item);
        } catch (DuplicateKeyException raced) {
            T theirs =
                    store
                            .find(Query.of(Filter.and(ContentQueries.byPack(pack), Filter.eq("name", item.name()))))
                            .stream()
                            .findFirst()
                            .orElseThrow(() -> raced);
            replaceIfChanged(store, item, theirs);
        }
    }

    /** Writes {@code item} over {@code stored}, keeping the stored id, unless they already agree. */
    private static <T extends PackContent> boolean replaceIfChanged(Store<T> store, T item, T stored) {
        T candidate = withId(item, stored.id());
        if (candidate.equals(stored)) {
            return false;
        }
        store.replace(candidate);
        return true;
    }

    @SuppressWarnings("unchecked")
    static <T> T withId(T item, String id) {
        ObjectNode tree = Json.mapper().valueToTree(item);
        if (id.equals(tree.path("id").asText())) {
            return item;
        }
        tree.put("id", id);
        return (T) Json.mapper().convertValue(tree, item.getClass());
    }
}
