package io.reflex.core.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * A trigger type: the schema of an event kind. One with an empty {@code parameters_schema} has exactly one
 * Trigger of the same ref; a parameterised one gets a Trigger per distinct parameter set.
 */
public record TriggerType(
        String id,
        String name,
        String pack,
        String description,
        ObjectNode payloadSchema,
        ObjectNode parametersSchema,
        List<Tag> tags,
        String metadataFile)
        implements PackFileContent {
    public TriggerType {
        Objects.requireNonNull(id, "id");
        Defaults.required("name", name);
        Defaults.refPart("pack", pack);
        description = Defaults.text(description);
        payloadSchema = Defaults.object(payloadSchema);
        parametersSchema = Defaults.object(parametersSchema);
        tags = Defaults.list(tags);
        metadataFile = Defaults.text(metadataFile);
    }

    @Override
    public String resourceType() {
        return "trigger_type";
    }

    public boolean parameterised() {
        return !parametersSchema.isEmpty();
    }
}
