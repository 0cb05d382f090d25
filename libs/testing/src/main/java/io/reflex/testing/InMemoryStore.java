package io.reflex.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.InstantFields;
import io.reflex.core.json.Json;
import io.reflex.core.store.DuplicateKeyException;
import io.reflex.core.store.Entity;
import io.reflex.core.store.EntityKind;
import io.reflex.core.store.Filter;
import io.reflex.core.store.IndexSpec;
import io.reflex.core.store.Query;
import io.reflex.core.store.RecordSchemas;
import io.reflex.core.store.SchemaTooNewException;
import io.reflex.core.store.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One kind in memory: records kept as their JSON trees in id order, unique indexes as maps from the
 * indexed values to the holder's id. One lock per kind makes every operation atomic, as a single-document
 * write is in MongoDB. Trees are never changed in place (a write replaces the whole tree), so they can be
 * turned back into records outside the lock.
 */
class InMemoryStore<T extends Entity> implements Store<T> {
    private static final String ID_INDEX = "_id_";

    private final EntityKind<T> kind;
    private final Runnable reachable;
    private final FilterEvaluator evaluator;
    private final NavigableMap<String, ObjectNode> records = new TreeMap<>(FilterEvaluatorOrder::compareStrings);
    private final Map<String, Map<String, String>> uniqueValues = new HashMap<>();
    private final Object lock = new Object();

    /** @param reachable throws StoreException when the store is closed or simulated down */
    InMemoryStore(EntityKind<T> kind, Runnable reachable) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.reachable = Objects.requireNonNull(reachable, "reachable");
        this.evaluator = new FilterEvaluator(InstantFields.of(kind.type()));
        kind.uniqueIndexes().forEach(index -> uniqueValues.put(index.name(), new HashMap<>()));
    }

    @Override
    public EntityKind<T> kind() {
        return kind;
    }

    @Override
    public T insert(T entity) {
        ObjectNode tree = toTree(entity);
        synchronized (lock) {
            reachable.run();
            if (records.containsKey(entity.id())) {
                throw new DuplicateKeyException(kind.collection(), ID_INDEX, entity.id());
            }
            put(tree, null);
        }
        return entity;
    }

    @Override
    public T insertIfAbsent(T entity) {
        ObjectNode tree = toTree(entity);
        ObjectNode existing;
        synchronized (lock) {
            reachable.run();
            existing = records.get(entity.id());
            if (existing == null) {
                put(tree, null);
                return entity;
            }
        }
        return fromTree(existing);
    }

    @Override
    public Optional<T> get(String id) {
        Objects.requireNonNull(id, "id");
        ObjectNode tree;
        synchronized (lock) {
            reachable.run();
            tree = records.get(id);
        }
        return Optional.ofNullable(tree).map(this::fromTree);
    }

    @Override
    public Optional<T> findOne(Filter filter) {
        ObjectNode first;
        synchronized (lock) {
            reachable.run();
            first = matching(filter).findFirst().orElse(null);
        }
        return Optional.ofNullable(first).map(this::fromTree);
    }

    @Override
    public List<T> find(Query query) {
        List<ObjectNode> page;
        synchronized (lock) {
            reachable.run();
            Stream<ObjectNode> sorted = matching(query.filter()).sorted(evaluator.comparator(query.sort()));
            Stream<ObjectNode> skipped = sorted.skip(query.offset());
            page = (query.limit() > 0 ? skipped.limit(query.limit()) : skipped).toList();
        }
        return page.stream().map(this::fromTree).toList();
    }

    @Override
    public long count(Filter filter) {
        synchronized (lock) {
            reachable.run();
            return matching(filter).count();
        }
    }

    @Override
    public boolean replace(T entity) {
        return replaceIf(entity, Filter.all());
    }

    @Override
    public boolean replaceIf(T entity, Filter condition) {
        ObjectNode tree = toTree(entity);
        synchronized (lock) {
            reachable.run();
            ObjectNode current = records.get(entity.id());
            if (current == null || !evaluator.matches(current, condition)) {
                return false;
            }
            refuseIfNewer(current);
            put(tree, current);
            return true;
        }
    }

    @Override
    public T save(T entity) {
        ObjectNode tree = toTree(entity);
        synchronized (lock) {
            reachable.run();
            ObjectNode current = records.get(entity.id());
            if (current != null) {
                refuseIfNewer(current);
            }
            put(tree, current);
        }
        return entity;
    }

    @Override
    public boolean delete(String id) {
        Objects.requireNonNull(id, "id");
        synchronized (lock) {
            reachable.run();
            ObjectNode removed = records.remove(id);
            if (removed != null) {
                forgetUniqueValues(removed);
            }
            return removed != null;
        }
    }

    @Override
    public long deleteMatching(Filter filter, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("deleteMatching limit must be > 0, was " + limit);
        }
        synchronized (lock) {
            reachable.run();
            List<String> ids =
                    matching(filter).limit(limit).map(FilterEvaluator::id).toList();
            ids.forEach(id -> forgetUniqueValues(records.remove(id)));
            return ids.size();
        }
    }

    /** Matches in id order. Call with the lock held. */
    private Stream<ObjectNode> matching(Filter filter) {
        Objects.requireNonNull(filter, "filter");
        return records.values().stream().filter(tree -> evaluator.matches(tree, filter));
    }

    /** Stores {@code tree} in place of {@code previous} (null for a new record). Call with the lock held. */
    private void put(ObjectNode tree, ObjectNode previous) {
        String id = FilterEvaluator.id(tree);
        Map<String, String> keys = uniqueKeys(tree);
        for (Map.Entry<String, String> key : keys.entrySet()) {
            String holder = uniqueValues.get(key.getKey()).get(key.getValue());
            if (holder != null && !holder.equals(id)) {
                throw new DuplicateKeyException(kind.collection(), key.getKey(), holder);
            }
        }
        if (previous != null) {
            forgetUniqueValues(previous);
        }
        keys.forEach((index, value) -> uniqueValues.get(index).put(value, id));
        records.put(id, tree);
    }

    private void forgetUniqueValues(ObjectNode tree) {
        String id = FilterEvaluator.id(tree);
        uniqueKeys(tree).forEach((index, value) -> uniqueValues.get(index).remove(value, id));
    }

    /** Index name to the canonical form of the tree's values of that index (absent counts as null). */
    private Map<String, String> uniqueKeys(ObjectNode tree) {
        Map<String, String> keys = new HashMap<>();
        for (IndexSpec index : kind.uniqueIndexes()) {
            List<String> parts = new ArrayList<>(index.fields().size());
            for (String field : index.fields()) {
                String path = field.startsWith("-") ? field.substring(1) : field;
                JsonNode value = FilterEvaluator.resolve(tree, path).get(0);
                parts.add(FilterEvaluatorOrder.canonical(value));
            }
            keys.put(index.name(), String.join("\u0000", parts));
        }
        return keys;
    }

    private static ObjectNode toTree(Entity entity) {
        Objects.requireNonNull(entity.id(), "id");
        return RecordSchemas.stamp(Json.mapper().valueToTree(entity), entity.getClass());
    }

    private void refuseIfNewer(ObjectNode current) {
        if (!evaluator.matches(current, RecordSchemas.writable(kind.type()))) {
            throw new SchemaTooNewException(
                    kind.collection(), current.path("id").asText(), RecordSchemas.version(kind.type()));
        }
    }

    private T fromTree(ObjectNode tree) {
        try {
            return Json.mapper().treeToValue(tree, kind.type());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + kind.collection() + " record does not read back", e);
        }
    }
}
