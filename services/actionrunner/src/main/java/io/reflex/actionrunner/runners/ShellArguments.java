package io.reflex.actionrunner.runners;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How caller-chosen values reach an action's shell without running code of the caller's choosing: the
 * arguments and the {@code env} variables. StackStorm's shell-script runners pass action parameters to a script: parameters with a
 * {@code position} become positional arguments in position order, the others become
 * {@code <kwarg_op><name>=<value>} (default {@code --name=value}); a true boolean is a bare flag, false,
 * null and empty values are left out; named arguments come first. Every argument is shell-quoted, so no
 * value can inject a command.
 */
final class ShellArguments {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> REFUSED = Set.of(
            "BASH_ENV",
            "ENV",
            "SHELLOPTS",
            "BASHOPTS",
            "PS4",
            "PROMPT_COMMAND",
            "IFS",
            "BROWSER",
            "PERL5OPT",
            "PERL5LIB",
            "PERLLIB",
            "RUBYOPT",
            "RUBYLIB",
            "NODE_OPTIONS",
            "JAVA_TOOL_OPTIONS",
            "JDK_JAVA_OPTIONS");
    private static final List<String> REFUSED_PREFIXES = List.of("BASH_FUNC_", "LD_", "PYTHON");
    private static final Set<String> ALLOWED_PYTHON =
            Set.of("PYTHONIOENCODING", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "PYTHONUTF8");

    private ShellArguments() {}

    /**
     * @param actionParams the action's own parameters (runner parameters already removed)
     * @param schema the action's parameter schemas (for {@code position})
     */
    static List<String> build(ObjectNode actionParams, ObjectNode schema, String kwargOp) {
        List<String> named = new ArrayList<>();
        Map<Long, String> positional = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = actionParams.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            JsonNode position = schema.path(p.getKey()).get("position");
            if (position != null && position.canConvertToLong()) {
                positional.put(position.asLong(), positionalValue(p.getValue()));
                continue;
            }
            namedArgument(kwargOp, p.getKey(), p.getValue()).ifPresent(named::add);
        }
        List<String> out = new ArrayList<>(named);
        positional.values().forEach(v -> out.add(quote(v)));
        return out;
    }

    /** StackStorm's positional serialisation: booleans 1/0, arrays comma-joined, objects JSON, null empty. */
    static String positionalValue(JsonNode v) {
        if (v == null || v.isNull()) {
            return "";
        }
        if (v.isBoolean()) {
            return v.asBoolean() ? "1" : "0";
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(e -> parts.add(e.isTextual() ? e.asText() : e.toString()));
            return String.join(",", parts);
        }
        if (v.isObject()) {
            return Json.write(v);
        }
        return v.asText();
    }

    private static java.util.Optional<String> namedArgument(String kwargOp, String name, JsonNode v) {
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
            return java.util.Optional.empty();
        }
        if (v.isBoolean()) {
            // quoted too: kwarg_op and the name are values a caller may choose
            return v.asBoolean() ? java.util.Optional.of(quote(kwargOp + name)) : java.util.Optional.empty();
        }
        return java.util.Optional.of(quote(kwargOp + name + "=" + positionalValue(v)));
    }

    /** POSIX shell quoting: the result is always one word, whatever the value holds. */
    static String quote(String value) {
        if (value.isEmpty()) {
            return "''";
        }
        if (value.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return value;
        }
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }

    /**
     * The {@code env} runner parameter: variables added to an action's environment. A caller chooses them, so
     * none may make the shell, an interpreter or the dynamic linker run code of the caller's choosing: names
     * must be plain identifiers (which keeps out bash's exported functions, {@code BASH_FUNC_name%%}), and
     * the variables that load or run code at start-up ({@code BASH_ENV}, {@code SHELLOPTS}, {@code PS4},
     * {@code LD_*}, {@code PYTHON*} but for a few harmless ones, ...) are refused. Why {@code env} may not be used, naming the first variable refused; empty when every name is fine. */
    static Optional<String> envRefusal(JsonNode env) {
        if (env == null || env.isMissingNode() || env.isNull()) {
            return Optional.empty();
        }
        if (!env.isObject()) {
            return Optional.of("parameter 'env' must be an object of variable names to values");
        }
        for (Map.Entry<String, JsonNode> e : env.properties()) {
            String name = e.getKey();
            if (!NAME.matcher(name).matches()) {
                return Optional.of("parameter 'env': '" + name + "' is not a valid variable name");
            }
            if (refusedVariable(name)) {
                return Optional.of("parameter 'env': " + name
                        + " cannot be set, it would let the value run code in the action's process");
            }
        }
        return Optional.empty();
    }

    /** The variables as text (call {@link #envRefusal} first). */
    static Map<String, String> envValues(JsonNode env) {
        Map<String, String> out = new LinkedHashMap<>();
        if (env != null && env.isObject()) {
            env.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    private static boolean refusedVariable(String name) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        if (REFUSED.contains(upper) || ALLOWED_PYTHON.contains(upper)) {
            return REFUSED.contains(upper);
        }
        return REFUSED_PREFIXES.stream().anyMatch(upper::startsWith);
    }
}
