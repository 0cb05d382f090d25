package io.reflex.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.reflex.core.json.Json;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints what read commands return: a table fitting the terminal (the default), or the API's JSON as
 * {@code --json} or {@code --yaml}. Column and attribute names are dotted paths into the JSON ({@code
 * action.ref}).
 */
public final class Output {
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build());

    private static final java.util.regex.Pattern TIMESTAMP =
            java.util.regex.Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");

    public enum Format {
        TABLE,
        JSON,
        YAML
    }

    private final PrintWriter out;
    private final Format format;
    private final Terminal terminal;

    public Output(PrintWriter out, Format format, Terminal terminal) {
        this.out = out;
        this.format = format;
        this.terminal = terminal;
    }

    public Format format() {
        return format;
    }

    public PrintWriter writer() {
        return out;
    }

    public Terminal terminal() {
        return terminal;
    }

    /** A list: one row per item with {@code columns}; JSON/YAML print the items (only those attributes if chosen). */
    public void list(JsonNode items, List<String> columns, boolean chosen) {
        if (format != Format.TABLE) {
            document(chosen ? select(items, columns) : items);
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode item : items) {
            List<String> row = new ArrayList<>();
            for (String c : columns) {
                row.add(cell(at(item, c)));
            }
            rows.add(row);
        }
        out.print(Table.render(columns, rows, terminal.width()));
        out.flush();
    }

    /** One resource: a property/value table of {@code attributes} (every attribute when empty). */
    public void record(JsonNode item, List<String> attributes, boolean chosen) {
        if (format != Format.TABLE) {
            document(chosen ? select(item, attributes) : item);
            return;
        }
        List<String> names = new ArrayList<>(attributes);
        if (names.isEmpty()) {
            item.fieldNames().forEachRemaining(names::add);
        }
        List<List<String>> rows = new ArrayList<>();
        for (String name : names) {
            JsonNode v = at(item, name);
            rows.add(List.of(name, v.isContainerNode() ? pretty(v) : cell(v)));
        }
        out.print(Table.render(List.of("Property", "Value"), rows, terminal.width()));
        out.flush();
    }

    /** The document as JSON or YAML (YAML for the table format: nested data reads best that way). */
    public void document(JsonNode doc) {
        out.print(format == Format.JSON ? pretty(doc) + "\n" : yaml(doc));
        out.flush();
    }

    public void line(String text) {
        out.println(text);
        out.flush();
    }

    public static String yaml(JsonNode doc) {
        try {
            return YAML.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String pretty(JsonNode doc) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A cell: text as is (timestamps as {@code 2026-01-02 10:00:00 UTC}, which wraps at the space), nothing for
     * null or missing, other values as compact JSON.
     */
    public static String cell(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return "";
        }
        if (v.isTextual() && TIMESTAMP.matcher(v.asText()).matches()) {
            return v.asText().substring(0, 10) + " " + v.asText().substring(11, 19) + " UTC";
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    /** The value at a dotted path ({@code action.ref}); missing when any step is absent. */
    public static JsonNode at(JsonNode node, String path) {
        JsonNode cur = node;
        for (String step : path.split("\\.")) {
            cur = cur.path(step);
        }
        return cur;
    }

    /** Only {@code attributes} of each item (or of the one item), nested as in the original. */
    static JsonNode select(JsonNode items, List<String> attributes) {
        if (items.isArray()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            items.forEach(i -> a.add(select(i, attributes)));
            return a;
        }
        ObjectNode o = Json.object();
        for (String path : attributes) {
            JsonNode v = at(items, path);
            if (v.isMissingNode()) {
                continue;
            }
            String[] steps = path.split("\\.");
            ObjectNode parent = o;
            for (int i = 0; i < steps.length - 1; i++) {
                parent = parent.has(steps[i]) && parent.get(steps[i]).isObject()
                        ? (ObjectNode) parent.get(steps[i])
                        : parent.putObject(steps[i]);
            }
            parent.set(steps[steps.length - 1], v);
        }
        return o;
    }
}
