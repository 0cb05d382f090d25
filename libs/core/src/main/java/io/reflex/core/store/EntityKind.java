package io.reflex.core.store;

import java.util.List;
import java.util.Objects;

/**
 * What a store needs to know about one aggregate: where it lives, its record type and its indexes.
 * The catalogue of kinds is {@link Kinds}.
 */
public record EntityKind<T extends Entity>(String collection, Class<T> type, List<IndexSpec> indexes) {
    public EntityKind {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(type, "type");
        indexes = List.copyOf(indexes);
    }

    public List<IndexSpec> uniqueIndexes() {
        return indexes.stream().filter(IndexSpec::unique).toList();
    }
}
