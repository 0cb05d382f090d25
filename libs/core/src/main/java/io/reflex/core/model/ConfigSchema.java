package io.reflex.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.store.Entity;
import java.util.Objects;

/** A pack's {@code config.schema.yaml}: config key → property schema. uid {@code config_schema:<pack>}. */
public record ConfigSchema(String id, String pack, ObjectNode attributes) implements Entity {
    public ConfigSchema {
        Objects.requireNonNull(id, "id");
        Defaults.refPart("pack", pack);
        attributes = Defaults.object(attributes);
    }

    @JsonProperty("uid")
    public String uid() {
        return "config_schema:" + pack;
    }
}
