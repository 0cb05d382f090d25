package io.reflex.yaql;

import java.util.ArrayList;
import java.util.List;

/** Cutting collections: slice, splitAt, splitWhere, sliceWhere, indexWhere, reverse, repeat, cycle. */
final class Slicing {
    private Slicing() {}

    static void register(Library lib) {
        lib.method("slice", inv -> {
            long n = CollectionFunctions.integer(inv.expect(1, 1, "length"), 0, "length", 1);
            if (n < 1) {
                throw Errors.valueError("slice length must be positive");
            }
            Produced out = new Produced();
            List<Object> chunk = new ArrayList<>();
            for (Object o : QueryFunctions.items(inv)) {
                chunk.add(o);
                if (chunk.size() == n) {
                    inv.ev().add(out, chunk);
                    chunk = new ArrayList<>();
                }
            }
            if (!chunk.isEmpty()) {
                inv.ev().add(out, chunk);
            }
            return out;
        });
        lib.method("splitAt", inv -> {
            long i = CollectionFunctions.integer(inv.expect(1, 1, "index"), 0, "index", 0);
            List<Object> l = CollectionFunctions.copy(inv, CollectionFunctions.iterable(inv));
            int at = (int) (i < 0 ? Math.max(0, l.size() + i) : Math.min(l.size(), i));
            return new ArrayList<>(
                    List.of(new ArrayList<>(l.subList(0, at)), new ArrayList<>(l.subList(at, l.size()))));
        });
        lib.method("splitWhere", Slicing::splitWhere);
        lib.method("sliceWhere", Slicing::sliceWhere);
        lib.method("indexWhere", inv -> indexWhere(inv, false));
        lib.method("lastIndexWhere", inv -> indexWhere(inv, true));
        lib.method(
                "reverse",
                inv -> QueryFunctions.reversed(
                        CollectionFunctions.copy(inv.expect(0, 0), CollectionFunctions.iterable(inv))));
        lib.method("repeat", inv -> {
            Object v = inv.expect(0, 1, "times").receiver();
            long times = CollectionFunctions.integer(inv, 0, "times", -1);
            if (times < 0) {
                return new Generated(i -> v);
            }
            inv.ev().checkSize(times);
            Produced out = new Produced();
            for (long i = 0; i < times; i++) {
                inv.ev().add(out, v);
            }
            return out;
        });
        lib.method("cycle", inv -> {
            List<Object> l = CollectionFunctions.copy(inv.expect(0, 0), CollectionFunctions.iterable(inv));
            return l.isEmpty() ? new Produced() : new Generated(i -> l.get((int) (i % l.size())));
        });
        lib.method("defaultIfEmpty", inv -> {
            Object c = CollectionFunctions.iterable(inv.expect(1, 1, "default"));
            return QueryFunctions.items(inv, c).iterator().hasNext() ? c : inv.arg(0, "default", null);
        });
    }

    private static Object splitWhere(Invocation inv) {
        Lambda p = inv.expect(1, 1, "predicate").lambda(0, "predicate");
        List<Object> l = CollectionFunctions.copy(inv, CollectionFunctions.iterable(inv));
        Produced out = new Produced();
        int start = 0;
        for (int end = 0; end < l.size(); end++) {
            if (p.test(l.get(end))) {
                out.add(new ArrayList<>(l.subList(start, end)));
                start = end + 1;
            }
        }
        if (start < l.size()) {
            out.add(new ArrayList<>(l.subList(start, l.size())));
        }
        return out;
    }

    private static Object sliceWhere(Invocation inv) {
        Lambda p = inv.expect(1, 1, "predicate").lambda(0, "predicate");
        List<Object> l = CollectionFunctions.copy(inv, CollectionFunctions.iterable(inv));
        Produced out = new Produced();
        int start = 0;
        Object previous = null;
        for (int end = 0; end < l.size(); end++) {
            Object current = p.call(l.get(end));
            if (end > 0 && !Values.eq(current, previous)) {
                out.add(new ArrayList<>(l.subList(start, end)));
                start = end;
            }
            previous = current;
        }
        if (start < l.size()) {
            out.add(new ArrayList<>(l.subList(start, l.size())));
        }
        return out;
    }

    private static Object indexWhere(Invocation inv, boolean last) {
        Lambda p = inv.expect(1, 1, "predicate").lambda(0, "predicate");
        long i = 0;
        long found = -1;
        for (Object o : QueryFunctions.items(inv)) {
            if (p.test(o)) {
                found = i;
                if (!last) {
                    break;
                }
            }
            i++;
        }
        return found;
    }
}
