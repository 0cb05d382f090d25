package io.reflex.orquesta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.orquesta.InspectionError.Category;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds context variables read before anything assigns them, walking the workflow as orquesta does:
 * {@code input}, then {@code vars} (each entry may read the earlier ones), then the tasks from the start
 * tasks along their transitions, each branch with what its path published (a join sees the union of its
 * inbound branches), then {@code output} (which sees everything any task publishes). Names starting with
 * {@code __} are private and may never be read.
 */
final class ContextChecks {
    private final Expressions expressions;
    private final TaskMap map;
    private final List<InspectionError> errors = new ArrayList<>();

    private ContextChecks(Expressions expressions, TaskMap map) {
        this.expressions = expressions;
        this.map = map;
    }

    /** @param known the names the caller's runtime context provides (StackStorm's: {@code st2}) */
    static List<InspectionError> check(
            JsonNode root, WorkflowSpec spec, TaskMap map, Expressions ex, Set<String> known) {
        ContextChecks c = new ContextChecks(ex, map);
        Set<String> ctx = new HashSet<>(known);
        c.property(root.get("input"), "input", "properties.input", ctx, true);
        c.property(root.get("vars"), "vars", "properties.vars", ctx, true);
        if (!spec.tasks().isEmpty()) {
            ctx.addAll(c.tasks(ctx));
        }
        c.property(root.get("output"), "output", "properties.output", ctx, true);
        return c.errors;
    }

    /** {@code [{name: value}, ...]}: assignments as orquesta holds them once read. */
    static ArrayNode assignments(List<Assignment> list) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (Assignment a : list) {
            ObjectNode o = out.addObject();
            o.set(a.name(), a.value());
        }
        return out;
    }

    /**
     * One property's value: skipped when empty, a string with inline parameters read as them, a list entry
     * by entry. When {@code assigns}, what each entry assigns is known from the next entry on.
     */
    private void property(JsonNode value, String specPath, String schemaPath, Set<String> ctx, boolean assigns) {
        if (!Truth.of(value)) {
            return;
        }
        if (value.isTextual()) {
            List<Assignment> inline = InlineParams.parse(value.textValue());
            if (!inline.isEmpty()) {
                value = assignments(inline);
            }
        }
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                entry(value.get(i), specPath + "[" + i + "]", schemaPath, ctx, assigns);
            }
        } else {
            entry(value, specPath, schemaPath, ctx, assigns);
        }
    }

    private void entry(JsonNode value, String specPath, String schemaPath, Set<String> ctx, boolean assigns) {
        for (Expressions.Reference r : expressions.references(value)) {
            if (r.name().startsWith("__")) {
                add(
                        r,
                        "Variable \"" + r.name() + "\" that is prefixed with double underscores is considered a private"
                                + " variable and cannot be referenced.",
                        specPath,
                        schemaPath);
            }
            if (!ctx.contains(r.name())) {
                add(r, "Variable \"" + r.name() + "\" is referenced before assignment.", specPath, schemaPath);
            }
        }
        if (!assigns) {
            return;
        }
        if (value.isObject()) {
            value.fieldNames().forEachRemaining(ctx::add);
        } else if (value.isArray()) {
            for (JsonNode item : value) {
                if (item.isTextual()) {
                    ctx.add(item.textValue());
                } else if (item.isObject() && item.size() == 1) {
                    item.fieldNames().forEachRemaining(ctx::add);
                }
            }
        } else if (value.isTextual()) {
            ctx.add(value.textValue());
        }
    }

    private void add(Expressions.Reference r, String message, String specPath, String schemaPath) {
        errors.add(
                InspectionError.expression(Category.CONTEXT, r.type(), r.statement(), message, specPath, schemaPath));
    }

    /** Walks the tasks; answers every name any task path assigns. */
    private Set<String> tasks(Set<String> start) {
        Map<String, Set<String>> joins = new HashMap<>();
        Map<String, Set<String>> seen = new HashMap<>();
        List<String> traversed = new ArrayList<>();
        Set<String> all = new HashSet<>(start);
        record Visit(String task, Set<String> ctx) {}
        ArrayDeque<Visit> queue = new ArrayDeque<>();
        map.starts().forEach(t -> queue.add(new Visit(t, new HashSet<>(start))));
        while (!queue.isEmpty()) {
            Visit visit = queue.poll();
            traversed.add(visit.task());
            Set<String> ctx = visit.ctx() == null || visit.ctx().isEmpty()
                    ? new HashSet<>(joins.getOrDefault(visit.task(), Set.of()))
                    : new HashSet<>(visit.ctx());
            TaskSpec task = map.task(visit.task());
            String at = SemanticChecks.TASKS + "." + visit.task();
            task(task, at, ctx);
            all.addAll(ctx);
            for (Transition t : task.next()) {
                for (String target : t.targets()) {
                    Set<String> branch = new HashSet<>(ctx);
                    transition(t, at + ".next[" + t.index() + "]", branch);
                    if (target.isEmpty() || traversed.contains(target) || !map.has(target)) {
                        continue;
                    }
                    if (!joins(map.task(target))) {
                        if (!branch.equals(seen.get(target))) {
                            queue.add(new Visit(target, branch));
                            seen.put(target, new HashSet<>(branch));
                        }
                    } else {
                        joins.computeIfAbsent(target, k -> new HashSet<>()).addAll(branch);
                        queue.add(new Visit(target, null));
                    }
                }
            }
        }
        return all;
    }

    /** orquesta waits for a join only when its value is truthy: {@code join: 0} does not wait. */
    private static boolean joins(TaskSpec task) {
        return task.join().map(j -> j.all() || j.count() > 0).orElse(false);
    }

    private void task(TaskSpec task, String at, Set<String> ctx) {
        String schema = SemanticChecks.TASK_SCHEMA + ".properties.";
        property(task.delay().orElse(null), at + ".delay", schema + "delay", ctx, false);
        task.with().ifPresent(w -> {
            property(
                    JsonNodeFactory.instance.textNode(w.items()),
                    at + ".with.items",
                    schema + "with.properties.items",
                    ctx,
                    false);
            property(
                    w.concurrency().orElse(null),
                    at + ".with.concurrency",
                    schema + "with.properties.concurrency",
                    ctx,
                    false);
        });
        property(
                task.action().map(JsonNodeFactory.instance::textNode).orElse(null),
                at + ".action",
                schema + "action",
                ctx,
                false);
        property(task.input().orElse(null), at + ".input", schema + "input", ctx, false);
    }

    private void transition(Transition t, String at, Set<String> ctx) {
        String schema = SemanticChecks.TASK_SCHEMA + ".properties.next.items.properties.";
        property(
                t.when().map(JsonNodeFactory.instance::textNode).orElse(null),
                at + ".when",
                schema + "when",
                ctx,
                false);
        property(assignments(t.publish()), at + ".publish", schema + "publish", ctx, true);
        ArrayNode targets = JsonNodeFactory.instance.arrayNode();
        t.targets().forEach(targets::add);
        property(targets.size() == 1 ? targets.get(0) : targets, at + ".do", schema + "do", ctx, false);
    }
}
