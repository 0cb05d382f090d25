package io.reflex.api.executions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.json.Json;
import io.reflex.executions.ParameterValidation;
import io.reflex.web.ApiException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /executions/{id}/re_run}: {@code {parameters, tasks, reset, user, delay}}, with
 * StackStorm's rules: {@code tasks}/{@code reset} are for Orquesta workflows only, exclude
 * {@code parameters}, and every task to reset must be among the tasks to re-run.
 */
record ExecutionsRerunSpec(ObjectNode parameters, List<String> tasks, List<String> reset, String user, Integer delay) {
    private static final ObjectNode SCHEMA = Json.read("""
            {"type": "object", "additionalProperties": false, "properties": {
              "parameters": {"type": "object"},
              "tasks": {"type": "array", "items": {"type": "string"}},
              "reset": {"type": "array", "items": {"type": "string"}},
              "user": {"type": "string"},
              "delay": {"type": "integer", "minimum": 0}}}
            """, ObjectNode.class);

    /** @throws ApiException 400 naming the bad field */
    static ExecutionsRerunSpec parse(ObjectNode body) {
        ParameterValidation.problem(SCHEMA, body, "field").ifPresent(m -> {
            throw ApiException.badRequest(m);
        });
        ExecutionsRerunSpec spec = new ExecutionsRerunSpec(
                Json.objectOrEmpty(body.get("parameters")),
                strings(body.get("tasks")),
                strings(body.get("reset")),
                body.path("user").isTextual() ? body.get("user").asText() : null,
                body.path("delay").isIntegralNumber() ? body.get("delay").asInt() : null);
        if ((!spec.tasks.isEmpty() || !spec.reset.isEmpty()) && !spec.parameters.isEmpty()) {
            throw ApiException.badRequest(
                    "Parameters override is not supported when re-running task(s) for a workflow.");
        }
        Set<String> unknown = new HashSet<>(spec.reset);
        unknown.removeAll(spec.tasks);
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest("List of tasks to reset does not match the tasks to rerun.");
        }
        return spec;
    }

    /** @throws ApiException 400 when tasks are given for an execution that is not an Orquesta workflow */
    void check(Execution existing) {
        if (!tasks.isEmpty() && !"orquesta".equals(existing.runner().name())) {
            throw ApiException.badRequest("Task option is only supported for Orquesta workflows.");
        }
    }

    /** The new execution's context: {@code re-run: {ref, tasks?, reset?}}. */
    ObjectNode context(String originalId) {
        ObjectNode context = Json.object();
        ObjectNode rerun = context.putObject("re-run");
        rerun.put("ref", originalId);
        if (!tasks.isEmpty()) {
            ArrayNode t = rerun.putArray("tasks");
            tasks.forEach(t::add);
        }
        if (!reset.isEmpty()) {
            ArrayNode r = rerun.putArray("reset");
            reset.forEach(r::add);
        }
        return context;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(v -> out.add(v.asText()));
        }
        return List.copyOf(out);
    }
}
