package io.reflex.orquesta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.reflex.orquesta.InspectionError.Category;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the syntax of every expression of a workflow, property by property as orquesta visits them: the
 * error names the property holding the expression ({@code tasks.task1.input}, not the key inside it).
 * Values come from the definition as written, except where orquesta reads a shorthand first: an action's
 * inline parameters are its {@code input}, a string {@code publish} its assignments.
 */
final class ExpressionChecks {
    private static final List<String> WORKFLOW_PROPERTIES =
            List.of("vars", "input", "output", "tasks", "name", "version", "description", "tags");

    private final Expressions expressions;
    private final List<InspectionError> errors = new ArrayList<>();

    private ExpressionChecks(Expressions expressions) {
        this.expressions = expressions;
    }

    static List<InspectionError> check(JsonNode root, WorkflowSpec spec, Expressions expressions) {
        ExpressionChecks c = new ExpressionChecks(expressions);
        for (String p : WORKFLOW_PROPERTIES) {
            if (p.equals("tasks")) {
                c.tasks(root.path("tasks"), spec);
            } else {
                c.value(root.get(p), p, "properties." + p);
            }
        }
        return c.errors;
    }

    private void value(JsonNode value, String specPath, String schemaPath) {
        for (Expressions.Found f : expressions.validate(value)) {
            errors.add(InspectionError.expression(
                    Category.EXPRESSIONS, f.type(), f.expression(), f.message(), specPath, schemaPath));
        }
    }

    private void tasks(JsonNode tasks, WorkflowSpec spec) {
        if (!tasks.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : tasks.properties()) {
            if (e.getValue().isObject() && !e.getValue().isEmpty()) {
                task(e.getValue(), spec.tasks().get(e.getKey()));
            }
        }
    }

    private void task(JsonNode raw, TaskSpec task) {
        String at = SemanticChecks.TASKS + "." + task.name();
        String schema = SemanticChecks.TASK_SCHEMA + ".properties.";
        value(raw.get("delay"), at + ".delay", schema + "delay");
        value(raw.get("join"), at + ".join", schema + "join");
        members(raw.get("with"), List.of("items", "concurrency"), at + ".with", schema + "with");
        value(task.action().map(JsonNodeFactory.instance::textNode).orElse(null), at + ".action", schema + "action");
        value(task.input().orElse(null), at + ".input", schema + "input");
        members(raw.get("retry"), List.of("when", "count", "delay"), at + ".retry", schema + "retry");
        JsonNode next = raw.path("next");
        for (int i = 0; i < next.size(); i++) {
            if (next.get(i).isObject()) {
                transition(next.get(i), transition(task, i), at + ".next[" + i + "]", schema + "next.items");
            }
        }
    }

    private static Optional<Transition> transition(TaskSpec task, int index) {
        return task.next().stream().filter(t -> t.index() == index).findFirst();
    }

    private void transition(JsonNode raw, Optional<Transition> read, String at, String schema) {
        value(raw.get("when"), at + ".when", schema + ".properties.when");
        JsonNode publish = raw.get("publish");
        if (publish != null && publish.isTextual() && read.isPresent()) {
            publish = ContextChecks.assignments(read.get().publish());
        }
        value(publish, at + ".publish", schema + ".properties.publish");
        value(raw.get("do"), at + ".do", schema + ".properties.do");
    }

    private void members(JsonNode node, List<String> names, String at, String schema) {
        if (node == null || !node.isObject() || node.isEmpty()) {
            return;
        }
        for (String n : names) {
            value(node.get(n), at + "." + n, schema + ".properties." + n);
        }
    }
}
