package io.reflex.yaql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code orderBy} / {@code thenBy}: a stable sort whose result remembers its source and ordering, so that
 * {@code thenBy} can sort again by the combined keys.
 */
final class Ordered {
    private Ordered() {}

    /** A sorted list that can be refined with {@code thenBy}. */
    static final class OrderedList extends ArrayList<Object> {
        private final transient List<Object> source;
        private final transient Comparator<Object> order;

        OrderedList(List<Object> source, Comparator<Object> order) {
            super(source);
            this.source = source;
            this.order = order;
            sort(order);
        }
    }

    static Object orderBy(Invocation inv, boolean descending) {
        Lambda key = inv.expect(1, 1, "selector").lambda(0, "selector");
        List<Object> items = CollectionFunctions.copy(inv, CollectionFunctions.iterable(inv));
        return new OrderedList(items, keyed(inv, key, descending));
    }

    static Object thenBy(Invocation inv, boolean descending) {
        Lambda key = inv.expect(1, 1, "selector").lambda(0, "selector");
        if (!(inv.receiver() instanceof OrderedList o)) {
            throw inv.noMatch();
        }
        return new OrderedList(o.source, o.order.thenComparing(keyed(inv, key, descending)));
    }

    /** Each comparison evaluates the keys; every evaluation is a counted step, so huge sorts hit the limit. */
    private static Comparator<Object> keyed(Invocation inv, Lambda key, boolean descending) {
        Comparator<Object> c = (a, b) -> {
            inv.ev().step();
            return Values.compare(key.call(a), key.call(b), "<");
        };
        return descending ? c.reversed() : c;
    }
}
