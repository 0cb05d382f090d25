package io.reflex.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} pairs of a benchmark's command line; an option followed by another option (or by
 * nothing) is a flag, e.g. {@code --profile}. A benchmark reads all its options first and then calls
 * {@link #ready}: that refuses an option the benchmark did not read (a typo would otherwise run the whole
 * benchmark on defaults), and answers {@code --help} with the options read and their defaults instead of
 * running anything.
 */
final class Args {
    private final String benchmark;
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, String> read = new LinkedHashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final boolean help;

    Args(String benchmark, String[] args) {
        this.benchmark = benchmark;
        boolean wantsHelp = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                wantsHelp = true;
                continue;
            }
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            boolean flag = i + 1 == args.length || args[i + 1].startsWith("--") || args[i + 1].equals("-h");
            values.put(args[i], flag ? null : args[++i]);
        }
        this.help = wantsHelp;
    }

    String value(String name, String fallback) {
        read.putIfAbsent(name, fallback);
        String v = help ? fallback : values.getOrDefault(name, fallback);
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
        read.putIfAbsent(name, null);
        flags.add(name);
        return !help && values.containsKey(name) && !"false".equals(values.get(name));
    }

    /**
     * Ends the reading of options: an option given but never read is refused; with {@code --help} the usage
     * (the options read, with their defaults) is printed instead of running.
     *
     * @return whether to run the benchmark (false after printing the usage)
     */
    boolean ready() {
        for (String given : values.keySet()) {
            if (!read.containsKey(given)) {
                throw new IllegalArgumentException(
                        "unknown option " + given + " for bin/bench " + benchmark + "\n" + usage());
            }
        }
        if (help) {
            System.out.println(usage());
            return false;
        }
        return true;
    }

    String usage() {
        StringBuilder out =
                new StringBuilder("usage: bin/bench ").append(benchmark).append(" [options]");
        read.forEach((name, fallback) -> {
            out.append("\n  ").append(name);
            if (!flags.contains(name)) {
                out.append(" <value>   default: ").append(fallback);
            }
        });
        return out.toString();
    }
}
