package io.reflex.yaql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** YAQL's queries over collections: where, select, ordering, grouping, aggregates, slicing. */
final class QueryFunctions {
    private QueryFunctions() {}

    static void register(Library lib) {
        Builtin where = inv -> {
            Lambda p = inv.expect(1, 1, "predicate").lambda(0, "predicate");
            Produced out = new Produced();
            for (Object o : items(inv)) {
                if (p.test(o)) {
                    inv.ev().add(out, o);
                }
            }
            return out;
        };
        lib.method("where", where);
        lib.method("filter", where);
        Builtin select = inv -> {
            Lambda f = inv.expect(1, 1, "selector").lambda(0, "selector");
            Produced out = new Produced();
            for (Object o : items(inv)) {
                inv.ev().add(out, f.call(o));
            }
            return out;
        };
        lib.method("select", select);
        lib.method("map", select);
        lib.method("selectMany", inv -> {
            Lambda f = inv.expect(1, 1, "selector").lambda(0, "selector");
            Produced out = new Produced();
            for (Object o : items(inv)) {
                Object inner = f.call(o);
                if (Values.isIterable(inner)) {
                    for (Object i : Values.items(inner, inv.ev())) {
                        inv.ev().add(out, i);
                    }
                } else {
                    inv.ev().add(out, inner);
                }
            }
            return out;
        });
        Builtin take = inv -> take(inv, CollectionFunctions.integer(inv.expect(1, 1, "count"), 0, "count", 0));
        lib.method("limit", take);
        lib.method("take", take);
        lib.method("skip", inv -> {
            long n = CollectionFunctions.integer(inv.expect(1, 1, "count"), 0, "count", 0);
            Produced out = new Produced();
            long i = 0;
            for (Object o : items(inv)) {
                if (i++ >= n) {
                    inv.ev().add(out, o);
                }
            }
            return out;
        });
        lib.method("takeWhile", inv -> whileTrue(inv, true));
        lib.method("skipWhile", inv -> whileTrue(inv, false));
        lib.both("append", inv -> {
            Produced out = new Produced();
            for (Object o : items(inv, Library.self(inv))) {
                inv.ev().add(out, o);
            }
            for (int i = Library.first(inv); i < inv.size(); i++) {
                inv.ev().add(out, inv.arg(i));
            }
            return out;
        });
        lib.both("distinct", QueryFunctions::distinct);
        lib.both("enumerate", inv -> {
            int f = Library.first(inv);
            inv.expect(f, f + 1, "start");
            long i = CollectionFunctions.integer(inv, f, "start", 0);
            Produced out = new Produced();
            for (Object o : items(inv, Library.self(inv))) {
                inv.ev().add(out, new ArrayList<>(java.util.Arrays.asList(i++, o)));
            }
            return out;
        });
        lib.both("any", inv -> anyAll(inv, true));
        lib.both("all", inv -> anyAll(inv, false));
        lib.both("concat", QueryFunctions::concat);
        lib.method("count", inv -> {
            long n = 0;
            for (Object ignored : items(inv.expect(0, 0))) {
                n++;
            }
            return n;
        });
        lib.method("memorize", inv -> inv.expect(0, 0).receiver());
        Aggregates.register(lib);
        Slicing.register(lib);
        lib.function("range", QueryFunctions::range);
        lib.function("sequence", inv -> {
            inv.expect(0, 2, "start", "step");
            long start = CollectionFunctions.integer(inv, 0, "start", 0);
            long step = CollectionFunctions.integer(inv, 1, "step", 1);
            return new Generated(i -> start + i * step);
        });
    }

    static Iterable<Object> items(Invocation inv) {
        return items(inv, inv.receiver());
    }

    static Iterable<Object> items(Invocation inv, Object v) {
        return Values.items(CollectionFunctions.iterable(v, inv), inv.ev());
    }

    private static Object take(Invocation inv, long n) {
        Produced out = new Produced();
        if (n <= 0) {
            return out;
        }
        for (Object o : items(inv)) {
            inv.ev().add(out, o);
            if (out.size() >= n) {
                break;
            }
        }
        return out;
    }

    private static Object whileTrue(Invocation inv, boolean take) {
        Lambda p = inv.expect(1, 1, "predicate").lambda(0, "predicate");
        Produced out = new Produced();
        boolean skipping = true;
        for (Object o : items(inv)) {
            boolean hit = skipping && p.test(o);
            if (take) {
                if (!hit) {
                    break;
                }
                inv.ev().add(out, o);
            } else if (!hit) {
                skipping = false;
                inv.ev().add(out, o);
            }
        }
        return out;
    }

    private static Object distinct(Invocation inv) {
        int f = Library.first(inv);
        inv.expect(f, f + 1, "keySelector");
        Lambda key = inv.lambda(f, "keySelector");
        Set<Object> seen = new HashSet<>();
        Produced out = new Produced();
        for (Object o : items(inv, Library.self(inv))) {
            if (seen.add(Values.key(key == null ? o : key.call(o)))) {
                inv.ev().add(out, o);
            }
        }
        return out;
    }

    private static Object anyAll(Invocation inv, boolean any) {
        int f = Library.first(inv);
        inv.expect(f, f + 1, "predicate");
        Lambda p = inv.lambda(f, "predicate");
        for (Object o : items(inv, Library.self(inv))) {
            boolean hit = p == null ? Values.truthy(o) : p.test(o);
            if (hit == any) {
                return any;
            }
        }
        return !any;
    }

    /** {@code concat('a', 'b')} joins strings; {@code $a.concat($b, ...)} and {@code concat($a, $b)} chain lists. */
    private static Object concat(Invocation inv) {
        List<Object> parts = new ArrayList<>();
        if (inv.isMethod()) {
            parts.add(inv.receiver());
        }
        parts.addAll(inv.expect(0, Integer.MAX_VALUE).args());
        if (!inv.isMethod() && parts.stream().allMatch(p -> p instanceof String)) {
            StringBuilder out = new StringBuilder();
            for (Object p : parts) {
                out.append((String) p);
                inv.ev().checkLength(out.length());
            }
            return out.toString();
        }
        Produced out = new Produced();
        for (Object p : parts) {
            for (Object o : items(inv, p)) {
                inv.ev().add(out, o);
            }
        }
        return out;
    }

    private static Object range(Invocation inv) {
        inv.expect(1, 3, "step");
        long start = 0;
        long stop;
        long step = CollectionFunctions.integer(inv, 2, "step", 1);
        if (inv.size() == 1) {
            stop = CollectionFunctions.integer(inv, 0, null, 0);
        } else {
            start = CollectionFunctions.integer(inv, 0, null, 0);
            stop = CollectionFunctions.integer(inv, 1, null, 0);
        }
        if (step == 0) {
            throw Errors.valueError("range() arg 3 must not be zero");
        }
        long size = step > 0
                ? (stop > start ? (stop - start - 1) / step + 1 : 0)
                : (start > stop ? (start - stop - 1) / -step + 1 : 0);
        inv.ev().checkSize(size);
        Produced out = new Produced();
        for (long i = 0; i < size; i++) {
            inv.ev().step();
            out.add(start + i * step);
        }
        return out;
    }

    /** {@code collection.indexOf(item)} / {@code lastIndexOf(item)}: -1 when absent. */
    static Object indexOf(Invocation inv, boolean last) {
        Object item = inv.expect(1, 1).arg(0);
        long i = 0;
        long found = -1;
        for (Object o : items(inv)) {
            if (Values.eq(o, item)) {
                found = i;
                if (!last) {
                    break;
                }
            }
            i++;
        }
        return found;
    }

    static Map<Object, List<Object>> groups(Invocation inv, Lambda key, Lambda value) {
        Map<Object, List<Object>> groups = new LinkedHashMap<>();
        Map<Object, Object> originals = new LinkedHashMap<>();
        for (Object o : items(inv)) {
            Object k = key.call(o);
            Object canonical = Values.key(k);
            originals.putIfAbsent(canonical, k);
            groups.computeIfAbsent(canonical, x -> new ArrayList<>()).add(value == null ? o : value.call(o));
            inv.ev().checkSize(groups.size());
        }
        Map<Object, List<Object>> out = new LinkedHashMap<>();
        groups.forEach((k, v) -> out.put(originals.get(k), v));
        return out;
    }

    static List<Object> reversed(List<Object> l) {
        List<Object> out = new Produced();
        out.addAll(l);
        Collections.reverse(out);
        return out;
    }
}
