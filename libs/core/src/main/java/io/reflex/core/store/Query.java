package io.reflex.core.store;

import java.util.Objects;

/** A filtered, sorted page. {@code limit <= 0} means no limit. */
public record Query(Filter filter, Sort sort, int offset, int limit) {
    public Query {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(sort, "sort");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, was " + offset);
        }
    }

    public static Query of(Filter filter) {
        return new Query(filter, Sort.none(), 0, 0);
    }

    public static Query all() {
        return of(Filter.all());
    }

    public Query sorted(Sort newSort) {
        return new Query(filter, newSort, offset, limit);
    }

    public Query page(int newOffset, int newLimit) {
        return new Query(filter, sort, newOffset, newLimit);
    }
}
