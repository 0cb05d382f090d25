package io.reflex.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/** An action (StackStorm {@code ActionAPI}): what a rule or user can run, through a runner type. */
public record Action(
        String id,
        String name,
        String pack,
        String description,
        boolean enabled,
        String entryPoint,
        String runnerType,
        ObjectNode parameters,
        ObjectNode outputSchema,
        @JsonProperty("notify") ObjectNode notifySpec,
        List<Tag> tags,
        String metadataFile)
        implements PackFileContent {
    public Action {
        Objects.requireNonNull(id, "id");
        Defaults.name("name", name);
        Defaults.refPart("pack", pack);
        Defaults.required("runner_type", runnerType);
        description = Defaults.text(description);
        entryPoint = Defaults.text(entryPoint);
        parameters = Defaults.object(parameters);
        outputSchema = Defaults.object(outputSchema);
        notifySpec = Defaults.object(notifySpec);
        tags = Defaults.list(tags);
        metadataFile = Defaults.text(metadataFile);
    }

    @Override
    public String resourceType() {
        return "action";
    }
}
