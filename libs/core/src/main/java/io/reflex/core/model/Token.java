package io.reflex.core.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Timestamps;
import io.reflex.core.store.Entity;
import java.time.Instant;
import java.util.Objects;

/** An auth token (32 hex chars) valid until {@code expiry}. */
public record Token(String id, String user, String token, Instant expiry, ObjectNode metadata, boolean service)
        implements Entity {
    public Token {
        Objects.requireNonNull(id, "id");
        Defaults.required("user", user);
        Defaults.required("token", token);
        expiry = Timestamps.stored(Objects.requireNonNull(expiry, "expiry"));
        metadata = Defaults.object(metadata);
    }

    public boolean expiredAt(Instant now) {
        return !expiry.isAfter(now);
    }
}
