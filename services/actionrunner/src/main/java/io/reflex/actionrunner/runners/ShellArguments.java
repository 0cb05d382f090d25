package io.reflex.actionrunner.runners;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How StackStorm's shell-script runners pass action parameters to a script: parameters with a
 * {@code position} become positional arguments in position order, the others become
 * {@code <kwarg_op><name>=<value>} (default {@code --name=value}); a true boolean is a bare flag, false,
 * null and empty values are left out; named arguments come first. Every argument is shell-quoted, so no
 * value can inject a command.
 */
final class ShellArguments {
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
}
