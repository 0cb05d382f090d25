package io.reflex.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.store.Entity;
import java.util.Objects;

/** A policy type; ref {@code <resource_type>.<name>}, e.g. {@code action.concurrency}. */
public record PolicyType(
        String id,
        String name,
        String resourceType,
        String description,
        boolean enabled,
        String module,
        ObjectNode parameters)
        implements Entity {
    public PolicyType {
        Objects.requireNonNull(id, "id");
        Defaults.required("name", name);
        Defaults.required("resource_type", resourceType);
        description = Defaults.text(description);
        module = Defaults.text(module);
        parameters = Defaults.object(parameters);
    }

    @JsonProperty("ref")
    public String ref() {
        return resourceType + "." + name;
    }

    @JsonProperty("uid")
    public String uid() {
        return "policy_type:" + resourceType + ":" + name;
    }
}
