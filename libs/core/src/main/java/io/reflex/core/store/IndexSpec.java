package io.reflex.core.store;

import java.util.List;
import java.util.Objects;

/**
 * An index a store must ensure at startup. {@code fields} are dotted snake_case paths of the stored
 * document; a field prefixed with {@code -} is descending. A unique index rejects a second record with
 * the same values ({@link DuplicateKeyException}).
 */
public record IndexSpec(String name, List<String> fields, boolean unique) {
    public IndexSpec {
        Objects.requireNonNull(name, "name");
        fields = List.copyOf(fields);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("index " + name + " has no fields");
        }
    }

    public static IndexSpec unique(String name, String... fields) {
        return new IndexSpec(name, List.of(fields), true);
    }

    public static IndexSpec of(String name, String... fields) {
        return new IndexSpec(name, List.of(fields), false);
    }
}
