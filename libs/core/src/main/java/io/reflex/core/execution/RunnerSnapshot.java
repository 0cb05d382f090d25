package io.reflex.core.execution;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.core.model.RunnerType;
import java.io.IOException;

/**
 * How an execution stores its runner type: the runner type's fields plus {@code query_module} (always empty:
 * Reflex has no result queriers), as StackStorm's execution carries it. A runner type that was not registered
 * when the execution was made (or work the API does itself) has an empty id and is stored by its name and
 * description only.
 */
public final class RunnerSnapshot {
    private RunnerSnapshot() {}

    /** The stored (and API) form of {@code runner}. */
    public static ObjectNode json(RunnerType runner) {
        if (runner.id().isEmpty()) {
            ObjectNode named = Json.object().put("name", runner.name());
            return runner.description().isEmpty() ? named : named.put("description", runner.description());
        }
        ObjectNode view = Json.mapper().valueToTree(runner);
        view.put("query_module", "");
        return view;
    }

    /** A runner type known by name only. */
    public static RunnerType named(String name) {
        return named(name, null);
    }

    /** A runner type that is not registered, known by name and description. */
    public static RunnerType named(String name, String description) {
        return new RunnerType("", name, description, false, null, null, null, null, null);
    }

    static final class Writer extends JsonSerializer<RunnerType> {
        @Override
        public void serialize(RunnerType value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeTree(json(value));
        }
    }

    static final class Reader extends JsonDeserializer<RunnerType> {
        @Override
        public RunnerType deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            ObjectNode node = Json.objectOrEmpty(p.readValueAsTree());
            if (!node.hasNonNull("id")) {
                node.put("id", "");
            }
            return Json.mapper().treeToValue(node, RunnerType.class);
        }
    }
}
