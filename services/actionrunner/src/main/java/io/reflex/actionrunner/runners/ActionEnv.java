package io.reflex.actionrunner.runners;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code env} runner parameter: variables added to an action's environment. A caller chooses them, so
 * none may make the shell, an interpreter or the dynamic linker run code of the caller's choosing: names
 * must be plain identifiers (which keeps out bash's exported functions, {@code BASH_FUNC_name%%}), and the
 * variables that load or run code at start-up ({@code BASH_ENV}, {@code SHELLOPTS}, {@code PS4},
 * {@code LD_*}, {@code PYTHON*} but for a few harmless ones, ...) are refused.
 */
final class ActionEnv {
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

    private ActionEnv() {}

    /** Why {@code env} may not be used, naming the first variable refused; empty when every name is fine. */
    static Optional<String> refusal(JsonNode env) {
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
            if (refused(name)) {
                return Optional.of("parameter 'env': " + name
                        + " cannot be set, it would let the value run code in the action's process");
            }
        }
        return Optional.empty();
    }

    /** The variables as text (call {@link #refusal} first). */
    static Map<String, String> values(JsonNode env) {
        Map<String, String> out = new LinkedHashMap<>();
        if (env != null && env.isObject()) {
            env.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    private static boolean refused(String name) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        if (REFUSED.contains(upper) || ALLOWED_PYTHON.contains(upper)) {
            return REFUSED.contains(upper);
        }
        return REFUSED_PREFIXES.stream().anyMatch(upper::startsWith);
    }
}
