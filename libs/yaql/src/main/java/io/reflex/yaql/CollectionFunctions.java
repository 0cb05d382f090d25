package io.reflex.yaql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lists, dicts and sets: building, reading, and copies with items set, inserted, replaced or deleted. */
final class CollectionFunctions {
    private CollectionFunctions() {}

    static void register(Library lib) {
        lib.function("list", CollectionFunctions::list);
        lib.method("flatten", inv -> flatten(inv, iterable(inv.expect(0, 0)), new Produced()));
        lib.method("toList", inv -> copy(inv, iterable(inv.expect(0, 0))));
        lib.function("dict", CollectionFunctions::dict);
        lib.method("toDict", CollectionFunctions::toDict);
        lib.method("get", inv -> {
            Map<?, ?> d = map(inv.expect(1, 2, "default"));
            Object key = inv.arg(0);
            return d.containsKey(key) ? d.get(key) : inv.arg(1, "default", null);
        });
        lib.method("set", CollectionFunctions::dictSet);
        lib.method("keys", inv -> produced(map(inv.expect(0, 0)).keySet()));
        lib.method("values", inv -> produced(map(inv.expect(0, 0)).values()));
        lib.method("items", inv -> {
            Produced out = new Produced();
            map(inv.expect(0, 0)).forEach((k, v) -> out.add(new ArrayList<>(java.util.Arrays.asList(k, v))));
            return out;
        });
        lib.method("contains", inv -> Operators.in(inv.ev(), inv.expect(1, 1).arg(0), iterable(inv)));
        lib.method("containsKey", inv -> map(inv.expect(1, 1)).containsKey(inv.arg(0)));
        lib.method("containsValue", inv -> {
            for (Object v : map(inv.expect(1, 1)).values()) {
                if (Values.eq(v, inv.arg(0))) {
                    return true;
                }
            }
            return false;
        });
        lib.method("delete", CollectionFunctions::delete);
        lib.method("deleteAll", inv -> without(map(inv.expect(1, 1)), iterable(inv.arg(0), inv), inv));
        lib.method("insert", inv -> insert(inv, false));
        lib.method("insertMany", inv -> insert(inv, true));
        lib.method("replaceMany", CollectionFunctions::replace);
        Sets.register(lib);
    }

    static Produced produced(Collection<?> items) {
        Produced out = new Produced();
        out.addAll(items);
        return out;
    }

    static Object iterable(Invocation inv) {
        return iterable(inv.receiver(), inv);
    }

    static Object iterable(Object v, Invocation inv) {
        if (!Values.isIterable(v)) {
            throw inv.noMatch();
        }
        return v;
    }

    static Map<?, ?> map(Invocation inv) {
        if (!(inv.receiver() instanceof Map<?, ?> m)) {
            throw inv.noMatch();
        }
        return m;
    }

    static long integer(Invocation inv, int i, String name, long dflt) {
        Object v = inv.arg(i, name, dflt);
        if (!Values.isInteger(v)) {
            throw inv.noMatch();
        }
        return Values.asLong(v);
    }

    static List<Object> copy(Invocation inv, Object iterable) {
        List<Object> out = new ArrayList<>();
        for (Object o : Values.items(iterable, inv.ev())) {
            inv.ev().add(out, o);
        }
        return out;
    }

    private static Object list(Invocation inv) {
        List<Object> out = new ArrayList<>();
        for (Object a : inv.expect(0, Integer.MAX_VALUE).args()) {
            if (a instanceof Produced || a instanceof Generated) {
                for (Object o : Values.items(a, inv.ev())) {
                    inv.ev().add(out, o);
                }
            } else {
                inv.ev().add(out, a);
            }
        }
        return out;
    }

    private static List<Object> flatten(Invocation inv, Object iterable, List<Object> out) {
        for (Object o : Values.items(iterable, inv.ev())) {
            if (Values.isIterable(o)) {
                inv.ev().enter();
                try {
                    flatten(inv, o, out);
                } finally {
                    inv.ev().exit();
                }
            } else {
                inv.ev().add(out, o);
            }
        }
        return out;
    }

    /** {@code dict(a => 1, ...)} or {@code dict([[key, value], ...])}. */
    private static Object dict(Invocation inv) {
        Map<Object, Object> out = new LinkedHashMap<>();
        if (inv.size() == 1 && inv.namedArgs().isEmpty()) {
            for (Object pair : Values.items(iterable(inv.arg(0), inv), inv.ev())) {
                if (!(pair instanceof List<?> p) || p.size() < 2) {
                    throw Errors.valueError("dict() takes [key, value] pairs");
                }
                out.put(p.get(0), p.get(1));
                inv.ev().checkSize(out.size());
            }
            return out;
        }
        if (inv.size() > 0) {
            throw inv.noMatch();
        }
        for (Node.Arg a : inv.namedArgs()) {
            out.put(inv.key(a), inv.value(a));
            inv.ev().checkSize(out.size());
        }
        return out;
    }

    private static Object toDict(Invocation inv) {
        inv.expect(1, 2, "keySelector", "valueSelector");
        Lambda key = inv.lambda(0, "keySelector");
        Lambda value = inv.lambda(1, "valueSelector");
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Object o : Values.items(iterable(inv), inv.ev())) {
            out.put(key.call(o), value == null ? o : value.call(o));
            inv.ev().checkSize(out.size());
        }
        return out;
    }

    /** {@code d.set(key, value)}, {@code d.set({k => v})} or {@code d.set(k => v, ...)}: a changed copy. */
    private static Object dictSet(Invocation inv) {
        Map<Object, Object> out = new LinkedHashMap<>(map(inv));
        if (inv.size() == 2 && inv.namedArgs().isEmpty()) {
            out.put(inv.arg(0), inv.arg(1));
        } else if (inv.size() == 1 && inv.namedArgs().isEmpty() && inv.arg(0) instanceof Map<?, ?> m) {
            out.putAll(m);
        } else if (inv.size() == 0) {
            for (Node.Arg a : inv.namedArgs()) {
                out.put(inv.key(a), inv.value(a));
            }
        } else {
            throw inv.noMatch();
        }
        inv.ev().checkSize(out.size());
        return out;
    }

    private static Object without(Map<?, ?> d, Object keys, Invocation inv) {
        Map<Object, Object> out = new LinkedHashMap<>(d);
        for (Object k : Values.items(keys, inv.ev())) {
            out.remove(k);
        }
        return out;
    }

    /** {@code list.delete(position, count => 1)} or {@code dict.delete(key, ...)}. */
    private static Object delete(Invocation inv) {
        if (inv.receiver() instanceof Map<?, ?> d) {
            return without(d, inv.expect(0, Integer.MAX_VALUE).args(), inv);
        }
        inv.expect(1, 2, "count");
        long position = integer(inv, 0, "position", 0);
        long count = integer(inv, 1, "count", 1);
        return splice(inv, position, count, List.of(), false);
    }

    /** {@code replace(position, value, count => 1)} on a collection; {@code replaceMany} splices in a list. */
    static Object replace(Invocation inv) {
        inv.expect(2, 3, "count");
        long position = integer(inv, 0, "position", 0);
        long count = integer(inv, 2, "count", 1);
        boolean many = inv.name().equals("replaceMany");
        Object value = inv.arg(1);
        Collection<?> with = many ? copy(inv, iterable(value, inv)) : java.util.Collections.singletonList(value);
        return splice(inv, position, count, with, true);
    }

    private static List<Object> splice(Invocation inv, long position, long count, Collection<?> with, boolean put) {
        List<Object> out = new Produced();
        boolean inserted = false;
        long i = 0;
        for (Object o : Values.items(iterable(inv), inv.ev())) {
            boolean hit = count >= 0 ? (position <= i && i < position + count) : i >= position;
            if (!hit) {
                inv.ev().add(out, o);
            } else if (put && !inserted) {
                inserted = true;
                for (Object w : with) {
                    inv.ev().add(out, w);
                }
            }
            i++;
        }
        return out;
    }

    private static Object insert(Invocation inv, boolean many) {
        inv.expect(2, 2);
        long position = integer(inv, 0, "position", 0);
        Object value = inv.arg(1);
        List<Object> values = many ? copy(inv, iterable(value, inv)) : java.util.Collections.singletonList(value);
        List<Object> items = copy(inv, iterable(inv));
        inv.ev().checkSize((long) items.size() + values.size());
        int at = (int) (position < 0 ? Math.max(0, items.size() + position) : Math.min(items.size(), position));
        if (many && position < 0) {
            at = 0;
        }
        List<Object> out = new Produced();
        out.addAll(items.subList(0, at));
        out.addAll(values);
        out.addAll(items.subList(at, items.size()));
        return out;
    }
}
