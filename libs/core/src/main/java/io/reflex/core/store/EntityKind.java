package io.reflex.core.store;

import java.util.List;
import java.util.Objects;

/**
 * What a store needs to know about one aggregate: where it lives, its record type, its indexes and the
 * counts it keeps. The catalogue of kinds is {@link Kinds}.
 *
 * @param counts the counts a store may keep as it writes instead of reading every record to count; null
 *     when the kind's counts are always read from its records
 */
public record EntityKind<T extends Entity>(String collection, Class<T> type, List<IndexSpec> indexes, Counts counts) {
    public EntityKind {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(type, "type");
        indexes = List.copyOf(indexes);
    }

    public EntityKind(String collection, Class<T> type, List<IndexSpec> indexes) {
        this(collection, type, indexes, null);
    }

    /**
     * The collection's hash: a kind is looked up by on every store access, and the record's own hash would go
     * through every index each time. Equal kinds have equal collections, so this agrees with {@code equals}.
     */
    @Override
    public int hashCode() {
        return collection.hashCode();
    }

    public List<IndexSpec> uniqueIndexes() {
        return indexes.stream().filter(IndexSpec::unique).toList();
    }

    /** The same kind, its total and the presence of {@code fields} counted as records are written. */
    public EntityKind<T> counted(String... fields) {
        return new EntityKind<>(collection, type, indexes, new Counts(List.of(fields)));
    }

    /**
     * Counts kept with every write, for the counts listings ask on every page ({@code X-Total-Count}): the
     * number of records, and for each of {@code presenceOf} how many records have the field (present and not
     * null) and how many do not. A store that keeps them answers {@code count} of {@link Filter#all()},
     * {@link Filter#missing}, {@link Filter#exists} and {@code eq(field, null)} on those fields without reading
     * the records; every other filter is counted from the records.
     */
    public record Counts(List<String> presenceOf) {
        public Counts {
            presenceOf = List.copyOf(presenceOf);
        }
    }
}
