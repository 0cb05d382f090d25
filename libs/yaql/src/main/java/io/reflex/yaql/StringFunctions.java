package io.reflex.yaql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** YAQL's string functions, with Python's str semantics (split, strip, find, slicing). */
final class StringFunctions {
    private StringFunctions() {}

    static void register(Library lib) {
        lib.method("toUpper", inv -> string(inv.expect(0, 0)).toUpperCase(java.util.Locale.ROOT));
        lib.method("toLower", inv -> string(inv.expect(0, 0)).toLowerCase(java.util.Locale.ROOT));
        lib.method("trim", inv -> PyStrings.strip(string(inv), chars(inv), true, true));
        lib.method("trimLeft", inv -> PyStrings.strip(string(inv), chars(inv), true, false));
        lib.method("trimRight", inv -> PyStrings.strip(string(inv), chars(inv), false, true));
        lib.both("norm", inv -> {
            Object s = Library.self(inv);
            if (s == null) {
                return null;
            }
            inv.expect(Library.first(inv), Library.first(inv) + 1, "chars");
            String v = PyStrings.strip(
                    str(inv, s), optionalString(inv, inv.arg(Library.first(inv), "chars", null)), true, true);
            return v.isEmpty() ? null : v;
        });
        lib.both("isEmpty", inv -> {
            Object s = Library.self(inv);
            int f = Library.first(inv);
            inv.expect(f, f + 2, "trimSpaces", "chars");
            if (s == null) {
                return true;
            }
            String v = str(inv, s);
            if (Values.truthy(inv.arg(f, "trimSpaces", true))) {
                v = PyStrings.strip(v, optionalString(inv, inv.arg(f + 1, "chars", null)), true, true);
            }
            return v.isEmpty();
        });
        lib.method("split", StringFunctions::split);
        lib.method("rightSplit", inv -> {
            inv.expect(0, 2, "separator", "maxSplits");
            return PyStrings.rightSplit(string(inv), separator(inv), maxSplits(inv));
        });
        lib.method("join", StringFunctions::join);
        lib.function("concat", inv -> {
            StringBuilder out = new StringBuilder();
            for (Object o : inv.expect(0, Integer.MAX_VALUE).args()) {
                out.append(str(inv, o));
                inv.ev().checkLength(out.length());
            }
            return out.toString();
        });
        lib.method("replace", StringFunctions::replace);
        lib.method("substring", StringFunctions::substring);
        lib.method("indexOf", inv -> find(inv, false));
        lib.method("lastIndexOf", inv -> find(inv, true));
        lib.method("toCharArray", inv -> {
            String s = string(inv.expect(0, 0));
            inv.ev().checkSize(s.length());
            List<Object> out = new ArrayList<>(s.length());
            s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        });
        lib.method("startsWith", inv -> affix(inv, true));
        lib.method("endsWith", inv -> affix(inv, false));
        lib.function("hex", inv -> {
            Object v = inv.expect(1, 1).arg(0);
            if (v == null) {
                return null;
            }
            if (!Values.isInteger(v)) {
                throw inv.noMatch();
            }
            long n = Values.asLong(v);
            return (n < 0 ? "-0x" : "0x") + Long.toHexString(Math.abs(n));
        });
    }

    /** The receiver as a string; any other receiver is not this method's. */
    static String string(Invocation inv) {
        if (!(inv.receiver() instanceof String s)) {
            throw inv.noMatch();
        }
        return s;
    }

    private static String str(Invocation inv, Object v) {
        if (!(v instanceof String s)) {
            throw inv.noMatch();
        }
        return s;
    }

    private static String optionalString(Invocation inv, Object v) {
        return v == null ? null : str(inv, v);
    }

    private static String chars(Invocation inv) {
        inv.expect(0, 1, "chars");
        return optionalString(inv, inv.arg(0, "chars", null));
    }

    private static String separator(Invocation inv) {
        return optionalString(inv, inv.arg(0, "separator", null));
    }

    private static int maxSplits(Invocation inv) {
        Object m = inv.arg(1, "maxSplits", -1L);
        if (!Values.isInteger(m)) {
            throw inv.noMatch();
        }
        return (int) Math.max(-1, Math.min(Integer.MAX_VALUE, Values.asLong(m)));
    }

    private static Object split(Invocation inv) {
        if (inv.receiver() instanceof String s && !(inv.size() > 0 && inv.arg(0) instanceof Regexes.Pattern)) {
            inv.expect(0, 2, "separator", "maxSplits");
            List<Object> parts = PyStrings.split(s, separator(inv), maxSplits(inv));
            inv.ev().checkSize(parts.size());
            return parts;
        }
        return Regexes.split(inv);
    }

    private static Object join(Invocation inv) {
        if (inv.size() == 3) {
            return Aggregates.join(inv);
        }
        inv.expect(1, 1);
        Object r = inv.receiver();
        Object a = inv.arg(0);
        Object items = r instanceof String ? a : r;
        Object sep = r instanceof String ? r : a;
        if (!(sep instanceof String separator) || !Values.isIterable(items)) {
            throw inv.noMatch();
        }
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (Object o : Values.items(items, inv.ev())) {
            if (!first) {
                out.append(separator);
            }
            first = false;
            out.append(Values.yaqlStr(o));
            inv.ev().checkLength(out.length());
        }
        return out.toString();
    }

    private static Object replace(Invocation inv) {
        if (inv.receiver() instanceof Regexes.Pattern) {
            return Regexes.replace(inv);
        }
        if (!(inv.receiver() instanceof String s)) {
            return CollectionFunctions.replace(inv);
        }
        if (inv.size() > 0 && inv.arg(0) instanceof Regexes.Pattern) {
            return Regexes.replace(inv);
        }
        if (inv.size() > 0 && inv.arg(0) instanceof Map<?, ?> replacements) {
            inv.expect(1, 2, "count");
            long count = count(inv, 1);
            for (Map.Entry<?, ?> e : replacements.entrySet()) {
                s = PyStrings.replace(inv.ev(), s, Values.yaqlStr(e.getKey()), Values.yaqlStr(e.getValue()), count);
            }
            return s;
        }
        inv.expect(2, 3, "count");
        return PyStrings.replace(inv.ev(), s, str(inv, inv.arg(0)), str(inv, inv.arg(1)), count(inv, 2));
    }

    private static long count(Invocation inv, int i) {
        Object c = inv.arg(i, "count", -1L);
        if (!Values.isInteger(c)) {
            throw inv.noMatch();
        }
        return Values.asLong(c);
    }

    private static Object substring(Invocation inv) {
        String s = string(inv.expect(1, 2, "length"));
        Object st = inv.arg(0);
        Object len = inv.arg(1, "length", -1L);
        if (!Values.isInteger(st) || !Values.isInteger(len)) {
            throw inv.noMatch();
        }
        long start = Values.asLong(st);
        long length = Values.asLong(len);
        if (length < 0) {
            length = s.length();
        }
        if (start < 0) {
            start += s.length();
        }
        return PyStrings.slice(s, start, start + length);
    }

    private static Object find(Invocation inv, boolean last) {
        if (!(inv.receiver() instanceof String s)) {
            return QueryFunctions.indexOf(inv, last);
        }
        inv.expect(1, 3, "start", "length");
        String sub = str(inv, inv.arg(0));
        Object st = inv.arg(1, "start", 0L);
        if (!Values.isInteger(st)) {
            throw inv.noMatch();
        }
        long start = Values.asLong(st);
        long end = s.length();
        if (inv.has(2, "length")) {
            Object len = inv.arg(2, "length", -1L);
            if (!Values.isInteger(len)) {
                throw inv.noMatch();
            }
            if (start < 0) {
                start += s.length();
            }
            long length = Values.asLong(len);
            end = length < 0 ? s.length() : start + length;
        }
        return PyStrings.find(s, sub, start, end, last);
    }

    private static Object affix(Invocation inv, boolean prefix) {
        String s = string(inv);
        for (Object o : inv.expect(1, Integer.MAX_VALUE).args()) {
            String a = str(inv, o);
            if (prefix ? s.startsWith(a) : s.endsWith(a)) {
                return true;
            }
        }
        return false;
    }
}
