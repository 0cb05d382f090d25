package io.reflex.core.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Sort order: a list of (field, ascending). Ties are broken by id ascending in every store. */
public record Sort(List<Key> keys) {
    public record Key(String field, boolean ascending) {
        public Key {
            Objects.requireNonNull(field, "field");
        }
    }

    public Sort {
        keys = List.copyOf(keys);
    }

    public static Sort none() {
        return new Sort(List.of());
    }

    /** Parses {@code "pack,-name"}: a leading {@code -} means descending. */
    public static Sort by(String... fields) {
        List<Key> keys = new ArrayList<>();
        for (String f : fields) {
            keys.add(f.startsWith("-") ? new Key(f.substring(1), false) : new Key(f, true));
        }
        return new Sort(keys);
    }
}
