package io.reflex.core.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** A ChatOps alias: command formats mapped to an action. */
public record ActionAlias(
        String id,
        String name,
        String pack,
        String description,
        boolean enabled,
        String actionRef,
        ArrayNode formats,
        ObjectNode ack,
        ObjectNode result,
        ObjectNode extra,
        ObjectNode immutableParameters,
        String metadataFile)
        implements PackFileContent {
    public ActionAlias {
        Objects.requireNonNull(id, "id");
        Defaults.name("name", name);
        Defaults.refPart("pack", pack);
        description = Defaults.text(description);
        Defaults.required("action_ref", actionRef);
        formats = formats == null ? JsonNodeFactory.instance.arrayNode() : formats;
        ack = Defaults.object(ack);
        result = Defaults.object(result);
        extra = Defaults.object(extra);
        immutableParameters = Defaults.object(immutableParameters);
        metadataFile = Defaults.text(metadataFile);
    }

    @Override
    public String resourceType() {
        return "action_alias";
    }
}
