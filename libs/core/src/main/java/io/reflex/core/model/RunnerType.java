package io.reflex.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.store.Entity;
import java.util.Objects;

/** A runner type (StackStorm {@code RunnerTypeAPI}); uid {@code runner_type:<name>}. */
public record RunnerType(
        String id,
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
}
