package io.reflex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.cli.client.ApiClient;
import io.reflex.cli.output.Output;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.executions.ExecutionViews;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** How executions print: st2's columns for lists, and its attribute listing for one execution. */
final class ExecutionFormat {
    static final List<String> LIST_COLUMNS =
            List.of("id", "action.ref", "context.user", "status", "start_timestamp", "end_timestamp");
    static final List<String> DETAIL_ATTRIBUTES = List.of(
            "id", "action.ref", "context.user", "parameters", "status", "start_timestamp", "end_timestamp", "result");

    static final List<String> TASK_COLUMNS = List.of("id", "status", "task", "action", "start_timestamp");

    private ExecutionFormat() {}

    static boolean isWorkflow(JsonNode execution) {
        return ExecutionViews.WORKFLOW_RUNNERS.contains(
                execution.path("action").path("runner_type").asText());
    }

    /** After a workflow in the table format, the table of its tasks ({@code depth} levels; negative: all). */
    static void printTasks(ApiClient api, Output out, JsonNode execution, int depth) {
        if (!isWorkflow(execution) || out.format() != Output.Format.TABLE) {
            return;
        }
        String id = execution.path("id").asText();
        JsonNode children =
                api.get(ExecutionCommand.path(id) + "/children" + Query.of().add("depth", depth));
        if (!children.isEmpty()) {
            out.writer().println();
            out.list(tasks(children, id), TASK_COLUMNS, false);
        }
    }

    /**
     * A workflow's tasks as st2 lists them: depth-first, each row indented by its nesting, workflows marked
     * {@code +} and plain actions shifted to line up, the task's name from the orquesta or action-chain context.
     */
    static JsonNode tasks(JsonNode children, String rootId) {
        boolean anyWorkflow = false;
        for (JsonNode c : children) {
            anyWorkflow |= isWorkflow(c);
        }
        java.util.Map<String, Integer> depth = new java.util.HashMap<>();
        depth.put(rootId, 0);
        var rows = Json.mapper().createArrayNode();
        for (JsonNode c : children) {
            String parent = c.path("parent").asText();
            int level = depth.computeIfAbsent(parent, p -> 0);
            depth.put(c.path("id").asText(), level + 1);
            String mark = !anyWorkflow ? "" : isWorkflow(c) ? "+ " : "  ";
            JsonNode context = c.path("context");
            JsonNode task = context.has("chain")
                    ? context.path("chain").path("name")
                    : context.path("orquesta").path("task_name");
            ObjectNode row = rows.addObject();
            row.put("id", "  ".repeat(level) + mark + c.path("id").asText());
            row.put("status", status(c));
            row.set("task", task.isMissingNode() ? Json.mapper().nullNode() : task);
            row.put("action", c.path("action").path("ref").asText());
            row.set("start_timestamp", c.path("start_timestamp"));
        }
        return rows;
    }

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
