package io.reflex.yaql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** YAQL's sets: {@code set()}, {@code toSet()}, union, intersect, difference, add and remove. */
final class Sets {
    private Sets() {}

    static void register(Library lib) {
        lib.function("set", inv -> YaqlSet.of(inv.expect(0, Integer.MAX_VALUE).args()));
        lib.method("toSet", inv -> {
            inv.expect(0, 0);
            return YaqlSet.of(CollectionFunctions.copy(inv, CollectionFunctions.iterable(inv)));
        });
        lib.method("union", inv -> {
            Map<Object, Object> m = set(inv, inv.receiver()).copy();
            set(inv, inv.expect(1, 1).arg(0)).copy().forEach(m::putIfAbsent);
            return sized(inv, m);
        });
        lib.method("intersect", inv -> {
            Map<Object, Object> m = set(inv, inv.receiver()).copy();
            m.keySet().retainAll(set(inv, inv.expect(1, 1).arg(0)).keys());
            return new YaqlSet(m);
        });
        lib.method("difference", inv -> {
            Map<Object, Object> m = set(inv, inv.receiver()).copy();
            m.keySet().removeAll(set(inv, inv.expect(1, 1).arg(0)).keys());
            return new YaqlSet(m);
        });
        lib.method("symmetricDifference", inv -> {
            YaqlSet a = set(inv, inv.receiver());
            YaqlSet b = set(inv, inv.expect(1, 1).arg(0));
            Map<Object, Object> m = a.copy();
            m.keySet().removeAll(b.keys());
            b.copy().forEach((k, v) -> {
                if (!a.keys().contains(k)) {
                    m.put(k, v);
                }
            });
            return new YaqlSet(m);
        });
        lib.method("add", inv -> {
            Map<Object, Object> m = set(inv, inv.receiver()).copy();
            for (Object o : inv.args()) {
                m.putIfAbsent(Values.key(o), o);
            }
            return sized(inv, m);
        });
        lib.method("remove", inv -> {
            Map<Object, Object> m = set(inv, inv.receiver()).copy();
            for (Object o : inv.args()) {
                m.remove(Values.key(o));
            }
            return new YaqlSet(m);
        });
    }

    private static YaqlSet set(Invocation inv, Object v) {
        if (!(v instanceof YaqlSet s)) {
            throw inv.noMatch();
        }
        return s;
    }

    private static YaqlSet sized(Invocation inv, Map<Object, Object> m) {
        inv.ev().checkSize(m.size());
        return new YaqlSet(m);
    }

    static List<Object> list(YaqlSet s) {
        return new ArrayList<>(s.values());
    }
}
