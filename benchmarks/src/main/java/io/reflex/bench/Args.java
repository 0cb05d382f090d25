package io.reflex.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code --name value} pairs of a benchmark's command line; an option followed by another option (or by
 * nothing) is a flag, e.g. {@code --profile}.
 */
final class Args {
    private final Map<String, String> values = new HashMap<>();

    Args(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            boolean flag = i + 1 == args.length || args[i + 1].startsWith("--");
            values.put(args[i], flag ? null : args[++i]);
        }
    }

    String value(String name, String fallback) {
        String v = values.getOrDefault(name, fallback);
        if (v == null) {
            throw new IllegalArgumentException("option " + name + " needs a value");
        }
        return v;
    }

    int intValue(String name, int fallback) {
        return Integer.parseInt(value(name, Integer.toString(fallback)));
    }

    /** Whether {@code name} was given (as a flag, or with a value other than {@code false}). */
    boolean flag(String name) {
        return values.containsKey(name) && !"false".equals(values.get(name));
    }
}
