package io.reflex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.cli.output.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What {@code reflex run ACTION --help} prints, as {@code st2 run ACTION -h} does: the action's description,
 * then its required and its optional parameters (the runner's included), each with its description, type,
 * choices and default. Immutable parameters are left out: a caller cannot set them. Parameters with a
 * {@code position} come first, in position order, then the others by name. Secret defaults are masked.
 */
final class ActionHelp {
    private static final String INDENT = "    ";
    private static final String MASK = "********";

    private ActionHelp() {}

    /**
     * @param action the action as {@code GET /actions/{ref}} returns it
     * @param parameters the merged parameter schema of {@code GET /actions/views/parameters/{ref}}
     * @param width the columns to wrap descriptions to
     */
    static String render(JsonNode action, JsonNode parameters, int width) {
        StringBuilder sb = new StringBuilder();
        String ref = action.path("ref").asText();
        String description = action.path("description").asText("");
        for (String line : Table.wrap(description.isBlank() ? ref : description, width)) {
            sb.append(line).append('\n');
        }
        List<Map.Entry<String, JsonNode>> required = new ArrayList<>();
        List<Map.Entry<String, JsonNode>> optional = new ArrayList<>();
        for (var p : parameters.properties()) {
            if (p.getValue().path("immutable").asBoolean(false)) {
                continue;
            }
            (p.getValue().path("required").asBoolean(false) ? required : optional).add(p);
        }
        section(sb, "Required Parameters:", required, width);
        section(sb, "Optional Parameters:", optional, width);
        if (required.isEmpty() && optional.isEmpty()) {
            sb.append("\nThis action takes no parameters.\n");
        }
        sb.append("\nRun it: reflex run ")
                .append(ref)
                .append(required.stream().map(p -> " " + p.getKey() + "=...").reduce("", String::concat))
                .append('\n');
        return sb.toString();
    }

    private static void section(StringBuilder sb, String heading, List<Map.Entry<String, JsonNode>> params, int width) {
        if (params.isEmpty()) {
            return;
        }
        params.sort(Comparator.comparingInt((Map.Entry<String, JsonNode> p) ->
                        p.getValue().path("position").asInt(Integer.MAX_VALUE))
                .thenComparing(Map.Entry::getKey));
        sb.append('\n').append(heading).append('\n');
        int textWidth = Math.max(20, width - 2 * INDENT.length());
        for (var p : params) {
            JsonNode schema = p.getValue();
            sb.append(INDENT).append(p.getKey()).append('\n');
            String description = schema.path("description").asText("");
            if (!description.isBlank()) {
                lines(sb, description, textWidth);
            }
            lines(sb, "Type: " + type(schema), textWidth);
            if (schema.path("enum").isArray()) {
                List<String> choices = new ArrayList<>();
                schema.path("enum").forEach(c -> choices.add(c.isTextual() ? c.asText() : c.toString()));
                lines(sb, "Choices: " + String.join(", ", choices), textWidth);
            }
            if (schema.has("default") && !schema.get("default").isNull()) {
                JsonNode d = schema.get("default");
                String shown =
                        schema.path("secret").asBoolean(false) ? MASK : d.isTextual() ? d.asText() : d.toString();
                lines(sb, "Default: " + shown, textWidth);
            }
        }
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            List<String> types = new ArrayList<>();
            type.forEach(t -> types.add(t.asText()));
            return String.join(" or ", types);
        }
        return type.isMissingNode() || type.isNull() ? "any" : type.asText();
    }

    private static void lines(StringBuilder sb, String text, int width) {
        for (String line : Table.wrap(text, width)) {
            sb.append(INDENT).append(INDENT).append(line).append('\n');
        }
    }
}
