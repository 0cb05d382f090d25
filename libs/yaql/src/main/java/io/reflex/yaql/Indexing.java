package io.reflex.yaql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code value.name} and {@code value[index]}. */
final class Indexing {
    private Indexing() {}

    /**
     * A dict's key (a missing one is a KeyError), or that key of every item of a list; on anything else
     * YAQL looks for a property function {@code #property#name}, and there is none.
     */
    static Object attribute(Evaluation ev, Object receiver, String name) {
        if (receiver instanceof Map<?, ?> m) {
            if (!m.containsKey(name)) {
                throw Errors.keyError(name);
            }
            return m.get(name);
        }
        if (Values.isIterable(receiver)) {
            List<Object> out = new ArrayList<>();
            for (Object item : Values.items(receiver, ev)) {
                ev.add(out, attribute(ev, item, name));
            }
            return out;
        }
        throw Errors.unknownFunction("#property#" + name);
    }

    static Object index(Evaluation ev, Object target, List<Node.Arg> args, YaqlContext ctx) {
        if (args.isEmpty()
                || args.size() > 2
                || args.get(0).named()
                || (args.size() == 2 && args.get(1).named())) {
            throw Errors.noMatchingFunction("#indexer");
        }
        Object key = ev.eval(args.get(0).value(), ctx);
        if (target instanceof Map<?, ?> m) {
            if (m.containsKey(key)) {
                return m.get(key);
            }
            if (args.size() == 2) {
                return ev.eval(args.get(1).value(), ctx);
            }
            throw Errors.keyError(key);
        }
        if (args.size() == 1 && Values.isInteger(key)) {
            long i = Values.asLong(key);
            if (target instanceof List<?> l) {
                return l.get(position(i, l.size(), "list"));
            }
            if (target instanceof String s) {
                int at = position(i, s.codePointCount(0, s.length()), "string");
                int from = s.offsetByCodePoints(0, at);
                return s.substring(from, s.offsetByCodePoints(from, 1));
            }
        }
        throw Errors.noMatchingFunction("#indexer");
    }

    /** Python's index: negative counts from the end. */
    static int position(long i, int size, String what) {
        long at = i < 0 ? size + i : i;
        if (at < 0 || at >= size) {
            throw Errors.indexError(what);
        }
        return (int) at;
    }
}
