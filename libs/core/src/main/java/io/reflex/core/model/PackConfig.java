package io.reflex.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.core.store.ContentQueries;
import io.reflex.core.store.Entity;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import java.util.Objects;

/** An operator's configuration of a pack, validated against its schema with defaults applied. */
public record PackConfig(String id, String pack, ObjectNode values) implements Entity {
    public PackConfig {
        Objects.requireNonNull(id, "id");
        Defaults.refPart("pack", pack);
        values = Defaults.object(values);
    }

    /** The config of {@code pack} under the id every writer stores it at: one config per pack. */
    public static PackConfig of(String pack, ObjectNode values) {
        return new PackConfig(idOf(pack), pack, values);
    }

    /** The id the config of {@code pack} is stored under. */
    public static String idOf(String pack) {
        return Ids.derived("config", pack);
    }

    /**
     * What the stored config of {@code pack} holds ({@code config_context} of a template), an empty object when
     * the pack has none; a copy the caller may change. Blocks on the store.
     */
    public static ObjectNode valuesOf(StateStore store, String pack) {
        return store.store(Kinds.PACK_CONFIG)
                .findOne(ContentQueries.byPack(pack))
                .map(c -> c.values().deepCopy())
                .orElseGet(Json::object);
    }

    @JsonProperty("uid")
    public String uid() {
        return "config:" + pack;
    }
}
