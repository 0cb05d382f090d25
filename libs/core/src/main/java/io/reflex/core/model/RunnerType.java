package io.reflex.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.util.NameTransformer;
import io.reflex.core.json.Json;
import io.reflex.core.store.Entity;
import java.io.IOException;
import java.util.Objects;

/**
 * A runner type (StackStorm {@code RunnerTypeAPI}); uid {@code runner_type:<name>}. Its stored form ({@link
 * #snapshot}) reads back as the record itself: {@code query_module} is not one of its properties, and read
 * without an id (a runner type that was not registered) its id is empty.
 */
public record RunnerType(
        @JsonSetter(nulls = Nulls.AS_EMPTY) String id,
        String name,
        String description,
        boolean enabled,
        String runnerPackage,
        String runnerModule,
        ObjectNode runnerParameters,
        String outputKey,
        ObjectNode outputSchema)
        implements Entity {
    public RunnerType {
        Objects.requireNonNull(id, "id");
        Defaults.required("name", name);
        description = Defaults.text(description);
        runnerPackage = Defaults.text(runnerPackage);
        runnerModule = Defaults.text(runnerModule);
        runnerParameters = Defaults.object(runnerParameters);
        outputKey = Defaults.text(outputKey);
        outputSchema = Defaults.object(outputSchema);
    }

    @JsonProperty("uid")
    public String uid() {
        return "runner_type:" + name;
    }

    /**
     * How an execution stores its runner type, and its API form: the runner type's fields plus
     * {@code query_module} (always empty: Reflex has no result queriers), as StackStorm's execution carries it.
     * A runner type that was not registered when the execution was made (or work the API does itself) has an
     * empty id and is stored by its name and description only.
     */
    public static ObjectNode snapshot(RunnerType runner) {
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

    /**
     * Writes a runner type in its stored form ({@link #snapshot}) straight to the generator: the record's own
     * properties, then {@code query_module}. Every status change of an execution writes its runner, so no tree is
     * built on the way.
     */
    public static final class SnapshotWriter extends JsonSerializer<RunnerType> implements ContextualSerializer {
        private final JsonSerializer<Object> properties;

        public SnapshotWriter() {
            this(null);
        }

        private SnapshotWriter(JsonSerializer<Object> properties) {
            this.properties = properties;
        }

        @Override
        public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
                throws JsonMappingException {
            return new SnapshotWriter(
                    provider.findValueSerializer(RunnerType.class).unwrappingSerializer(NameTransformer.NOP));
        }

        @Override
        public void serialize(RunnerType value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            if (value.id().isEmpty() || properties == null) {
                gen.writeTree(snapshot(value));
                return;
            }
            gen.writeStartObject(value);
            properties.serialize(value, gen, serializers);
            gen.writeStringField("query_module", "");
            gen.writeEndObject();
        }
    }
}
