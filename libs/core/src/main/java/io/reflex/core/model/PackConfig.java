package io.reflex.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.store.Entity;
import java.util.Objects;

/** An operator's configuration of a pack, validated against its schema with defaults applied. */
public record PackConfig(String id, String pack, ObjectNode values) implements Entity {
    public PackConfig {
        Objects.requireNonNull(id, "id");
        Defaults.refPart("pack", pack);
        values = Defaults.object(values);
    }

    @JsonProperty("uid")
    public String uid() {
        return "config:" + pack;
    }
}
