package io.reflex.yaql;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** YAQL's set ({@code set()}, {@code toSet()}): items unique by Python equality, in insertion order. Immutable. */
final class YaqlSet extends java.util.AbstractCollection<Object> {
    private final Map<Object, Object> items;

    YaqlSet(Map<Object, Object> items) {
        this.items = items;
    }

    static YaqlSet of(Iterable<?> values) {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (Object v : values) {
            m.putIfAbsent(Values.key(v), v);
        }
        return new YaqlSet(m);
    }

    Set<Object> keys() {
        return items.keySet();
    }

    Collection<Object> values() {
        return items.values();
    }

    boolean has(Object v) {
        return items.containsKey(Values.key(v));
    }

    Map<Object, Object> copy() {
        return new LinkedHashMap<>(items);
    }

    @Override
    public java.util.Iterator<Object> iterator() {
        return java.util.Collections.unmodifiableCollection(items.values()).iterator();
    }

    @Override
    public int size() {
        return items.size();
    }
}
