package io.reflex.orquesta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a loaded definition into a {@link WorkflowSpec}, leniently: what has the wrong shape is left out
 * (the schema check reports it), so the other checks still see everything else. Applies orquesta's
 * shorthands: {@code with: <items>}, {@code action: ref a=1}, {@code publish: a=1 b=2}, and
 * {@code do: a, b}; a transition without {@code do} continues.
 */
final class SpecReader {
    private SpecReader() {}

    /** {@code root} with the short {@code with} form expanded: what orquesta validates against its schema. */
    static JsonNode normalized(JsonNode root) {
        JsonNode copy = root.deepCopy();
        JsonNode tasks = copy.path("tasks");
        if (tasks.isObject()) {
            for (Map.Entry<String, JsonNode> t : tasks.properties()) {
                if (t.getValue() instanceof ObjectNode task && task.path("with").isTextual()) {
                    ObjectNode with = JsonNodeFactory.instance.objectNode();
                    with.set("items", task.get("with"));
                    task.set("with", with);
                }
            }
        }
        return copy;
    }

    static WorkflowSpec read(JsonNode root) {
        if (root == null || root.isNull() || root.isMissingNode()) {
            throw new WorkflowDefinitionException("The workflow definition is empty.");
        }
        if (!root.isObject()) {
            throw new WorkflowDefinitionException("The workflow definition is not a mapping (YAML object).");
        }
        Map<String, TaskSpec> tasks = new LinkedHashMap<>();
        if (root.path("tasks").isObject()) {
            for (Map.Entry<String, JsonNode> t : root.get("tasks").properties()) {
                tasks.put(t.getKey(), task(t.getKey(), t.getValue()));
            }
        }
        return new WorkflowSpec(
                scalar(root.get("version")),
                text(root.get("description")),
                inputs(root.get("input")),
                oneKeyMaps(root.get("vars")),
                oneKeyMaps(root.get("output")),
                tasks);
    }

    private static TaskSpec task(String name, JsonNode node) {
        Optional<String> action = text(node.get("action"));
        Optional<JsonNode> input = present(node.get("input"));
        if (action.isPresent() && action.get().contains(" ")) {
            List<Assignment> inline = InlineParams.parse(action.get());
            if (!inline.isEmpty()) {
                ObjectNode params = JsonNodeFactory.instance.objectNode();
                inline.forEach(a -> params.set(a.name(), a.value()));
                input = Optional.of(params);
                action = Optional.of(action.get().substring(0, action.get().indexOf(' ')));
            }
        }
        List<Transition> next = new ArrayList<>();
        JsonNode transitions = node.path("next");
        for (int i = 0; i < transitions.size(); i++) {
            if (transitions.get(i).isObject()) {
                next.add(transition(i, transitions.get(i)));
            }
        }
        return new TaskSpec(
                name,
                action,
                input,
                next,
                join(node.get("join")),
                with(node.get("with")),
                retry(node.get("retry")),
                present(node.get("delay")));
    }

    private static Transition transition(int index, JsonNode node) {
        JsonNode publish = node.get("publish");
        List<Assignment> published =
                publish != null && publish.isTextual() ? InlineParams.parse(publish.textValue()) : oneKeyMaps(publish);
        List<String> targets = new ArrayList<>();
        JsonNode go = node.get("do");
        if (go != null && go.isTextual()) {
            for (String t : go.textValue().split(",", -1)) {
                targets.add(t.strip());
            }
        } else if (go != null && go.isArray()) {
            go.forEach(t -> {
                if (t.isTextual()) {
                    targets.add(t.textValue());
                }
            });
        }
        if (targets.isEmpty() || (go != null && go.isTextual() && go.textValue().isEmpty())) {
            targets.clear();
            targets.add(EngineCommand.CONTINUE.word());
        }
        return new Transition(index, text(node.get("when")), published, targets);
    }

    /** Any present value marks a join; a value of the wrong shape (a schema error) counts as {@code all}. */
    private static Optional<Join> join(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isIntegralNumber() && node.canConvertToInt() && node.intValue() >= 0) {
            return Optional.of(Join.of(node.intValue()));
        }
        return Optional.of(Join.ALL);
    }

    private static Optional<WithItems> with(JsonNode node) {
        if (node == null) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return Optional.of(WithItems.parse(node.textValue(), Optional.empty()));
        }
        return text(node.get("items")).map(items -> WithItems.parse(items, present(node.get("concurrency"))));
    }

    private static Optional<RetrySpec> retry(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        JsonNode count = node.has("count") ? node.get("count") : JsonNodeFactory.instance.nullNode();
        return Optional.of(new RetrySpec(text(node.get("when")), count, present(node.get("delay"))));
    }

    private static List<WorkflowInput> inputs(JsonNode node) {
        List<WorkflowInput> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            for (JsonNode item : node) {
                if (item.isTextual()) {
                    out.add(new WorkflowInput(item.textValue(), Optional.empty()));
                } else if (item.isObject() && item.size() == 1) {
                    Map.Entry<String, JsonNode> e = item.properties().iterator().next();
                    out.add(new WorkflowInput(e.getKey(), Optional.of(e.getValue())));
                }
            }
        }
        return out;
    }

    private static List<Assignment> oneKeyMaps(JsonNode node) {
        List<Assignment> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            for (JsonNode item : node) {
                if (item.isObject() && item.size() == 1) {
                    Map.Entry<String, JsonNode> e = item.properties().iterator().next();
                    out.add(new Assignment(e.getKey(), e.getValue()));
                }
            }
        }
        return out;
    }

    private static Optional<String> text(JsonNode node) {
        return node != null && node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
    }

    private static Optional<String> scalar(JsonNode node) {
        return node != null && node.isValueNode() && !node.isNull() ? Optional.of(node.asText()) : Optional.empty();
    }

    private static Optional<JsonNode> present(JsonNode node) {
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node);
    }
}
