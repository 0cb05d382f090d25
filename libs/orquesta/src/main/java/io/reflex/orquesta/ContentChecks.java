package io.reflex.orquesta;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.orquesta.InspectionError.Category;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * StackStorm's own checks of a workflow's tasks, after orquesta's: each action (unless it is an expression)
 * is a {@code pack.name} reference to a registered action, given every required parameter that has no
 * default, and no parameter it does not take.
 */
final class ContentChecks {
    private static final String ACTION_SCHEMA = SemanticChecks.TASK_SCHEMA + ".properties.action";
    private static final String INPUT_SCHEMA = SemanticChecks.TASK_SCHEMA + ".properties.input";

    private ContentChecks() {}

    /** Asks {@code catalog} once per action ref: a workflow's tasks often run the same action. */
    static List<InspectionError> check(WorkflowSpec spec, Expressions expressions, ActionCatalog catalog) {
        List<InspectionError> out = new ArrayList<>();
        Map<String, Optional<Map<String, JsonNode>>> asked = new HashMap<>();
        for (TaskSpec task : spec.tasks().values()) {
            Optional<String> action = task.action();
            if (action.isEmpty() || action.get().isEmpty() || expressions.hasExpressions(action.get())) {
                continue;
            }
            String ref = action.get();
            String at = SemanticChecks.TASKS + "." + task.name();
            if (!ref.contains(".")) {
                out.add(InspectionError.of(
                        Category.CONTENT,
                        "The action reference \"" + ref + "\" is not formatted correctly.",
                        at + ".action",
                        ACTION_SCHEMA));
                continue;
            }
            Optional<Map<String, JsonNode>> parameters = asked.computeIfAbsent(ref, catalog::parameters);
            if (parameters.isEmpty()) {
                out.add(InspectionError.of(
                        Category.CONTENT,
                        "The action \"" + ref + "\" is not registered in the database.",
                        at + ".action",
                        ACTION_SCHEMA));
                continue;
            }
            JsonNode input = task.input().orElse(null);
            if (input == null || input.isObject()) {
                parameters(ref, at, input, parameters.get(), out);
            }
        }
        return out;
    }

    private static void parameters(
            String ref, String at, JsonNode input, Map<String, JsonNode> parameters, List<InspectionError> out) {
        TreeSet<String> given = new TreeSet<>();
        if (input != null) {
            input.fieldNames().forEachRemaining(given::add);
        }
        TreeSet<String> missing = new TreeSet<>();
        parameters.forEach((name, meta) -> {
            if (meta.path("required").asBoolean(false) && !meta.has("default") && !given.contains(name)) {
                missing.add(name);
            }
        });
        for (String name : missing) {
            out.add(InspectionError.of(
                    Category.CONTENT,
                    "Action \"" + ref + "\" is missing required input \"" + name + "\".",
                    at + ".input",
                    INPUT_SCHEMA));
        }
        for (String name : given) {
            if (!parameters.containsKey(name)) {
                out.add(InspectionError.of(
                        Category.CONTENT,
                        "Action \"" + ref + "\" has unexpected input \"" + name + "\".",
                        at + ".input." + name,
                        INPUT_SCHEMA + ".patternProperties.^\\w+$"));
            }
        }
    }
}
