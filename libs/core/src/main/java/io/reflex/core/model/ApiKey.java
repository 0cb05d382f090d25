package io.reflex.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Timestamps;
import io.reflex.core.store.Entity;
import java.time.Instant;
import java.util.Objects;

/** An API key; only its hash is stored. uid {@code api_key:<key_hash>}. */
public record ApiKey(String id, String user, String keyHash, ObjectNode metadata, Instant createdAt, boolean enabled)
        implements Entity {
    public ApiKey {
        Objects.requireNonNull(id, "id");
        Defaults.required("user", user);
        Defaults.required("key_hash", keyHash);
        metadata = Defaults.object(metadata);
        createdAt = Timestamps.stored(Objects.requireNonNull(createdAt, "created_at"));
    }

    @JsonProperty("uid")
    public String uid() {
        return "api_key:" + keyHash;
    }
}
