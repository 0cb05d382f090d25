package io.reflex.core.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** A policy applied to an action ({@code resource_ref}) by type ({@code policy_type}). */
public record Policy(
        String id,
        String name,
        String pack,
        String description,
        boolean enabled,
        String resourceRef,
        String policyType,
        ObjectNode parameters,
        String metadataFile)
        implements PackFileContent {
    public Policy {
        Objects.requireNonNull(id, "id");
        Defaults.name("name", name);
        Defaults.refPart("pack", pack);
        description = Defaults.text(description);
        Defaults.required("resource_ref", resourceRef);
        Defaults.required("policy_type", policyType);
        parameters = Defaults.object(parameters);
        metadataFile = Defaults.text(metadataFile);
    }

    @Override
    public String resourceType() {
        return "policy";
    }
}
