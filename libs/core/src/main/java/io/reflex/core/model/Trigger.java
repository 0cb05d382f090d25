package io.reflex.core.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** A concrete trigger: a trigger type plus one parameter set ({@code type} is the trigger type ref). */
public record Trigger(String id, String name, String pack, String type, ObjectNode parameters, String description)
        implements PackContent {
    public Trigger {
        Objects.requireNonNull(id, "id");
        Defaults.required("name", name);
        Defaults.refPart("pack", pack);
        Defaults.required("type", type);
        parameters = Defaults.object(parameters);
        description = Defaults.text(description);
    }

    @Override
    public String resourceType() {
        return "trigger";
    }
}
