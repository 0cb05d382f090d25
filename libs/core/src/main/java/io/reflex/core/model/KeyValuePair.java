package io.reflex.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.reflex.core.json.Timestamps;
import io.reflex.core.store.Entity;
import java.time.Instant;
import java.util.Objects;

/**
 * A datastore entry. {@code scope} is stored in full form ({@code st2kv.system} or {@code st2kv.user});
 * user-scoped names are stored as {@code <user>:<name>}. A secret's {@code value} is ciphertext.
 */
public record KeyValuePair(String id, String name, String value, boolean secret, String scope, Instant expireTimestamp)
        implements Entity {
    public static final String SYSTEM = "st2kv.system";
    public static final String USER = "st2kv.user";

    public KeyValuePair {
        Objects.requireNonNull(id, "id");
        Defaults.required("name", name);
        value = Defaults.text(value);
        scope = scope == null ? SYSTEM : scope;
        if (!scope.equals(SYSTEM) && !scope.equals(USER)) {
            throw new IllegalArgumentException("scope must be " + SYSTEM + " or " + USER + ", was " + scope);
        }
        expireTimestamp = Timestamps.stored(expireTimestamp);
    }

    @JsonProperty("uid")
    public String uid() {
        return "key_value_pair:" + scope + ":" + name;
    }
}
