package io.reflex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.cli.output.Output;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** How executions print: st2's columns for lists, and its attribute listing for one execution. */
final class ExecutionFormat {
    static final List<String> LIST_COLUMNS =
            List.of("id", "action.ref", "context.user", "status", "start_timestamp", "end_timestamp");
    static final List<String> DETAIL_ATTRIBUTES = List.of(
            "id", "action.ref", "context.user", "parameters", "status", "start_timestamp", "end_timestamp", "result");

    private ExecutionFormat() {}

    /** One execution: YAML-like attribute listing for the table format, else the JSON/YAML document. */
    static void print(Output output, JsonNode execution, OutputOptions options) {
        if (output.format() != Output.Format.TABLE) {
            output.record(execution, options.attributes, options.chosen());
            return;
        }
        ObjectNode shown = Json.object();
        for (String attr : options.columns(DETAIL_ATTRIBUTES)) {
            JsonNode v = attr.equals("status") ? Json.tree(status(execution)) : Output.at(execution, attr);
            if (!v.isMissingNode()) {
                shown.set(attr, v);
            }
        }
        output.document(shown);
    }

    /** Executions with st2's status column: {@code succeeded (2s elapsed)}. */
    static JsonNode withElapsed(JsonNode executions) {
        var copy = executions.deepCopy();
        for (JsonNode e : copy) {
            if (e instanceof ObjectNode o && o.has("status")) {
                o.put("status", status(e));
            }
        }
        return copy;
    }

    static String status(JsonNode e) {
        String status = e.path("status").asText();
        Instant start = instant(e.path("start_timestamp"));
        Instant end = instant(e.path("end_timestamp"));
        if (start == null) {
            return status;
        }
        if (end != null) {
            return status + " (" + seconds(Duration.between(start, end)) + " elapsed)";
        }
        return status.equals("running")
                ? status + " (" + seconds(Duration.between(start, Instant.now())) + " elapsed)"
                : status;
    }

    static String seconds(Duration d) {
        long ms = Math.max(0, d.toMillis());
        return ms < 10_000 ? String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0) : (ms / 1000) + "s";
    }

    private static Instant instant(JsonNode v) {
        if (!v.isTextual()) {
            return null;
        }
        try {
            return Timestamps.parse(v.asText());
        } catch (RuntimeException e) {
            return null;
        }
    }
}
