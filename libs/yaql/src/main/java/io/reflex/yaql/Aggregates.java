package io.reflex.yaql;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Reductions (sum, max, aggregate), element picks (first, last, single), ordering, grouping and zipping. */
final class Aggregates {
    private Aggregates() {}

    static void register(Library lib) {
        lib.method("sum", inv -> reduce(inv, "initial", (a, b) -> Operators.apply(inv.ev(), "+", a, b)));
        lib.method("max", inv -> reduce(inv, "initial", (a, b) -> Values.compare(b, a, ">") > 0 ? b : a));
        lib.method("min", inv -> reduce(inv, "initial", (a, b) -> Values.compare(b, a, ">") < 0 ? b : a));
        lib.method("aggregate", Aggregates::aggregate);
        lib.method("reduce", Aggregates::aggregate);
        lib.method("accumulate", Aggregates::accumulate);
        lib.method("first", inv -> {
            inv.expect(0, 1, "default");
            Iterator<Object> it = QueryFunctions.items(inv).iterator();
            return it.hasNext() ? it.next() : orDefault(inv);
        });
        lib.method("last", inv -> {
            inv.expect(0, 1, "default");
            Object last = null;
            boolean any = false;
            for (Object o : QueryFunctions.items(inv)) {
                last = o;
                any = true;
            }
            return any ? last : orDefault(inv);
        });
        lib.method("single", inv -> {
            Iterator<Object> it = QueryFunctions.items(inv.expect(0, 0)).iterator();
            if (!it.hasNext()) {
                throw new YaqlEvaluationException("StopIteration", "the collection is empty");
            }
            Object o = it.next();
            if (it.hasNext()) {
                throw Errors.valueError("Collection contains more than one item");
            }
            return o;
        });
        lib.method("orderBy", inv -> Ordered.orderBy(inv, false));
        lib.method("orderByDescending", inv -> Ordered.orderBy(inv, true));
        lib.method("thenBy", inv -> Ordered.thenBy(inv, false));
        lib.method("thenByDescending", inv -> Ordered.thenBy(inv, true));
        lib.method("groupBy", Aggregates::groupBy);
        lib.method("zip", inv -> zip(inv, false));
        lib.method("zipLongest", inv -> zip(inv, true));
    }

    private interface Op {
        Object apply(Object a, Object b);
    }

    private static Object orDefault(Invocation inv) {
        if (!inv.has(0, "default")) {
            throw new YaqlEvaluationException("StopIteration", "the collection is empty");
        }
        return inv.arg(0, "default", null);
    }

    private static Object reduce(Invocation inv, String seedName, Op op) {
        inv.expect(0, 1, seedName);
        boolean seeded = inv.has(0, seedName);
        Object acc = seeded ? inv.arg(0, seedName, null) : null;
        for (Object o : QueryFunctions.items(inv)) {
            acc = seeded ? op.apply(acc, o) : o;
            seeded = true;
        }
        if (!seeded) {
            throw Errors.typeError("reduce() of empty sequence with no initial value");
        }
        return acc;
    }

    private static Object aggregate(Invocation inv) {
        inv.expect(1, 2, "selector", "seed");
        Lambda f = inv.lambda(0, "selector");
        Object acc = null;
        boolean seeded = inv.has(1, "seed");
        if (seeded) {
            acc = inv.arg(1, "seed", null);
        }
        for (Object o : QueryFunctions.items(inv)) {
            acc = seeded ? f.call(acc, o) : o;
            seeded = true;
        }
        if (!seeded) {
            throw Errors.typeError("reduce() of empty sequence with no initial value");
        }
        return acc;
    }

    private static Object accumulate(Invocation inv) {
        inv.expect(1, 2, "selector", "seed");
        Lambda f = inv.lambda(0, "selector");
        Produced out = new Produced();
        boolean seeded = inv.has(1, "seed");
        Object acc = seeded ? inv.arg(1, "seed", null) : null;
        if (seeded) {
            out.add(acc);
        }
        for (Object o : QueryFunctions.items(inv)) {
            acc = seeded ? f.call(acc, o) : o;
            seeded = true;
            inv.ev().add(out, acc);
        }
        if (!seeded) {
            throw Errors.typeError("accumulate() of empty sequence with no initial value");
        }
        return out;
    }

    /** {@code groupBy(key, value => null, aggregator => null)}: [[key, values or aggregate], ...]. */
    private static Object groupBy(Invocation inv) {
        inv.expect(1, 3, "keySelector", "valueSelector", "aggregator");
        Lambda key = inv.lambda(0, "keySelector");
        Lambda value = inv.lambda(1, "valueSelector");
        Lambda aggregator = inv.lambda(2, "aggregator");
        Produced out = new Produced();
        for (Map.Entry<Object, List<Object>> g :
                QueryFunctions.groups(inv, key, value).entrySet()) {
            Object v = aggregator == null ? g.getValue() : aggregator.call(g.getValue());
            out.add(new ArrayList<>(java.util.Arrays.asList(g.getKey(), v)));
        }
        return out;
    }

    private static Object zip(Invocation inv, boolean longest) {
        List<List<Object>> lists = new ArrayList<>();
        lists.add(CollectionFunctions.copy(inv, CollectionFunctions.iterable(inv)));
        for (Object a : inv.expect(0, Integer.MAX_VALUE, longest ? new String[] {"default"} : new String[0])
                .args()) {
            lists.add(CollectionFunctions.copy(inv, CollectionFunctions.iterable(a, inv)));
        }
        Object pad = longest ? inv.arg(-1, "default", null) : null;
        int n = lists.stream()
                .mapToInt(List::size)
                .reduce(longest ? 0 : Integer.MAX_VALUE, longest ? Math::max : Math::min);
        Produced out = new Produced();
        for (int i = 0; i < n; i++) {
            List<Object> row = new ArrayList<>(lists.size());
            for (List<Object> l : lists) {
                row.add(i < l.size() ? l.get(i) : pad);
            }
            inv.ev().add(out, row);
        }
        return out;
    }

    /** {@code left.join(right, predicate, selector)}: selector($1, $2) for every pair the predicate accepts. */
    static Object join(Invocation inv) {
        inv.expect(3, 3);
        List<Object> right = CollectionFunctions.copy(inv, CollectionFunctions.iterable(inv.arg(0), inv));
        Lambda predicate = inv.lambda(1);
        Lambda selector = inv.lambda(2);
        Produced out = new Produced();
        for (Object l : QueryFunctions.items(inv)) {
            for (Object r : right) {
                inv.ev().step();
                if (Values.truthy(predicate.call(l, r))) {
                    inv.ev().add(out, selector.call(l, r));
                }
            }
        }
        return out;
    }
}
