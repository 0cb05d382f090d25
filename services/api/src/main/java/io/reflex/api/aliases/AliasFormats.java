package io.reflex.api.aliases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * StackStorm's alias format grammar ({@code st2common/models/utils/action_alias_utils.py}): a format such
 * as {@code "run {{cmd}} on {{hosts=localhost}}"} is a regular expression in which {@code {{name}}} is a
 * required parameter and {@code {{name=default}}} an optional one. Values may be quoted ({@code "..."},
 * {@code '...'}) or a {@code {json}} object; {@code key=value} pairs at the end of a command become extra
 * parameters. The text outside the placeholders is a regex as in StackStorm, anchored at both ends unless
 * it anchors itself.
 *
 * <p>Pure and thread-safe. Extracted values are strings ({@link TextNode}; {@link NullNode} only for a
 * parameter inside an optional group of the format's own regex): casting them to the action's parameter
 * types is the caller's job, as in StackStorm.
 */
final class AliasFormats {
    private static final String KEY = "\\s*(\\S+?)\\s*";
    private static final String VALUE = "\"\"|''|\"(.+?)\"|'(.+?)'|(\\{.+?\\})|(\\S+)";
    private static final String EXT_VALUE = "\"\"|''|\"(.+?)\"|'(.+?)'|(\\{.+?\\})|(.+?)";
    private static final String PAIRS = "(?:^|\\s+)" + KEY + "=(" + VALUE + ")";
    private static final int FLAGS = Pattern.DOTALL | Pattern.UNICODE_CHARACTER_CLASS;
    private static final Pattern PAIR = Pattern.compile(PAIRS, FLAGS);
    private static final Pattern ENDING = Pattern.compile(".*?((" + PAIRS + "\\s*)*)$", FLAGS);
    private static final Pattern PLACEHOLDER =
            Pattern.compile("(\\s*)\\{\\{" + KEY + "(\\s*=\\s*(?:" + EXT_VALUE + ")\\s*)?}}", FLAGS);
    private static final Pattern PY_GROUP = Pattern.compile("\\(\\?P<(\\w+)>|\\(\\?P=(\\w+)\\)");
    private static final String VALUE_GROUP = "(?:(?<=').+?(?=')|(?<=\").+?(?=\")|\\{.+?\\}|.+?)";

    private AliasFormats() {}

    /**
     * The parameters {@code command} gives under {@code format}, or empty when it does not match (StackStorm's
     * {@code ParseException}). Trailing {@code key=value} pairs override matched values.
     *
     * @throws IllegalArgumentException when the format is not a valid regular expression
     */
    static Optional<Map<String, JsonNode>> extract(String format, String command) {
        List<Map<String, JsonNode>> all = scan(format, command, false);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** Like {@link #extract} but throws StackStorm's message when the command does not match. */
    static Map<String, JsonNode> extractOrThrow(String format, String command) {
        return extract(format, command).orElseThrow(() -> mismatch(format, command));
    }

    /**
     * Every match of {@code format} in {@code command} (StackStorm's {@code match_multiple} formats); empty
     * when none matches.
     */
    static List<Map<String, JsonNode>> extractAll(String format, String command) {
        return scan(format, command, true);
    }

    static IllegalArgumentException mismatch(String format, String command) {
        return new IllegalArgumentException(
                "Command \"" + command + "\" doesn't match format string \"" + format + "\"");
    }

    private static List<Map<String, JsonNode>> scan(String format, String command, boolean all) {
        String fmt = format == null ? "" : format;
        Compiled compiled = compile(fmt);
        Map<String, String> pairs = new LinkedHashMap<>();
        String stream = " " + cutTrailingPairs(command == null ? "" : command, pairs) + " ";
        Matcher m = compiled.regex.matcher(stream);
        List<Map<String, JsonNode>> out = new ArrayList<>();
        while (m.find()) {
            Map<String, JsonNode> params = new LinkedHashMap<>();
            for (int i = 0; i < compiled.names.size(); i++) {
                String v = m.group("p" + i);
                String name = compiled.names.get(i);
                if (v != null || !params.containsKey(name)) {
                    params.put(name, v == null ? NullNode.getInstance() : TextNode.valueOf(v));
                }
            }
            compiled.defaults.forEach((name, dflt) -> {
                JsonNode v = params.get(name);
                if (v == null || v.isNull() || v.asText().isEmpty()) {
                    params.put(name, TextNode.valueOf(dflt));
                }
            });
            pairs.forEach((k, v) -> params.put(k, TextNode.valueOf(v)));
            boolean anyValue = params.values().stream()
                    .anyMatch(v -> !v.isNull() && !v.asText().isEmpty());
            if (!fmt.isEmpty() && stream.isBlank() && !anyValue) {
                return List.of(); // "No value supplied and no default value found."
            }
            out.add(params);
            if (!all) {
                break;
            }
        }
        return out;
    }

    /** Removes the trailing {@code key=value} pairs from {@code command}, collecting them into {@code pairs}. */
    private static String cutTrailingPairs(String command, Map<String, String> pairs) {
        Matcher end = ENDING.matcher(command);
        if (!end.lookingAt() || end.group(1) == null || end.group(1).isEmpty()) {
            return command;
        }
        String tail = end.group(1);
        Matcher p = PAIR.matcher(tail);
        while (p.find()) {
            pairs.put(p.group(1), firstNonNull(p.group(3), p.group(4), p.group(5), p.group(6)));
        }
        // StackStorm removes every occurrence of the tail text, not only the last one.
        return command.replace(tail, "");
    }

    private record Compiled(Pattern regex, List<String> names, Map<String, String> defaults) {}

    /** Turns the format into a regex with one named group {@code p<i>} per parameter. */
    private static Compiled compile(String format) {
        List<String> names = new ArrayList<>();
        Map<String, String> defaults = new LinkedHashMap<>();
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(format);
        int last = 0;
        while (m.find()) {
            literal.append(format, last, m.start());
            regex.append(pythonRegex(format.substring(last, m.start()), names));
            String group = m.group(1) + "[\"']?(?<p" + names.size() + ">" + VALUE_GROUP + ")[\"']?";
            boolean optional = m.group(3) != null;
            regex.append(optional ? "(?:" + group + ")?" : group);
            names.add(m.group(2));
            if (optional) {
                defaults.put(m.group(2), firstNonNull(m.group(4), m.group(5), m.group(6), m.group(7)));
            }
            last = m.end();
        }
        literal.append(format.substring(last));
        regex.append(pythonRegex(format.substring(last), names));
        String body = regex.toString();
        if (!hasAnchor(literal.toString(), '^', 'A')) {
            body = "^\\s*" + body;
        }
        if (!hasAnchor(literal.toString(), '$', 'Z')) {
            body = body + "\\s*$";
        }
        try {
            return new Compiled(Pattern.compile(body, FLAGS), names, defaults);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("Invalid alias format \"" + format + "\": " + e.getDescription(), e);
        }
    }

    /**
     * Rewrites the format's own regex text from Python's dialect to Java's: named groups
     * {@code (?P<name>...)} become {@code p<i>} groups (their values are parameters too), {@code (?P=name)}
     * back-references follow, {@code \\Z} is Java's {@code \\z}, and braces that are not quantifiers are
     * literals (Python's reading; Java would reject them).
     */
    static String pythonRegex(String text, List<String> names) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            Matcher named = PY_GROUP.matcher(text).region(i, text.length());
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                out.append(c).append(next == 'Z' ? 'z' : next);
            } else if (named.lookingAt()) {
                int index = named.group(1) == null ? names.indexOf(named.group(2)) : names.size();
                if (named.group(1) != null) {
                    names.add(named.group(1));
                }
                out.append(named.group(1) != null ? "(?<p" + index + ">" : "\\k<p" + index + ">");
                i = named.end() - 1;
            } else if (c == '{' && !text.substring(i).matches("(?s)\\{\\d+(,\\d*)?}.*")) {
                out.append("\\{");
            } else if (c == '}' && !closesQuantifier(text, i)) {
                out.append("\\}");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean closesQuantifier(String text, int i) {
        int open = text.lastIndexOf('{', i);
        return open >= 0 && text.substring(open, i + 1).matches("\\{\\d+(,\\d*)?}");
    }

    /** Whether the format's own regex text has an unescaped anchor ({@code ^}/{@code \A} or {@code $}/{@code \Z}). */
    private static boolean hasAnchor(String text, char anchor, char escaped) {
        boolean inClass = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                if (!inClass && text.charAt(i + 1) == escaped) {
                    return true;
                }
                i++;
            } else if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (c == anchor && !inClass) {
                return true;
            }
        }
        return false;
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return "";
    }
}
