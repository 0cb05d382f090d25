package io.reflex.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Names;
import io.reflex.web.ApiException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code POST/PUT /apikeys} body checked against StackStorm's {@code ApiKeyAPI} schema (no other fields;
 * {@code user}, {@code key_hash} strings or null, {@code metadata} an object or null, {@code enabled} a
 * boolean). A null field means "not given". {@code key_hash} {@code ********} (what a masked GET returns)
 * counts as not given.
 */
record ApiKeysBody(String user, String keyHash, ObjectNode metadata, Boolean enabled) {
    static final String MASKED = "********";
    private static final Set<String> FIELDS =
            Set.of("id", "uid", "user", "key_hash", "metadata", "created_at", "enabled");
    private static final Pattern SHA512_HEX = Pattern.compile("^[0-9a-f]{128}$");

    /** @throws ApiException 400 naming the offending field */
    static ApiKeysBody parse(ObjectNode body) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw ApiException.badRequest("Additional properties are not allowed ('" + f + "' was unexpected)");
            }
        }
        for (String f : new String[] {"id", "uid", "user", "key_hash", "created_at"}) {
            JsonNode v = body.get(f);
            if (v != null && !v.isNull() && !v.isTextual()) {
                throw ApiException.badRequest("'" + f + "' must be a string");
            }
        }
        JsonNode metadata = body.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            throw ApiException.badRequest("'metadata' must be an object");
        }
        JsonNode enabled = body.get("enabled");
        if (enabled != null && !enabled.isBoolean()) {
            throw ApiException.badRequest("'enabled' must be a boolean");
        }
        if (body.hasNonNull("created_at")) {
            try {
                Timestamps.parse(body.get("created_at").asText());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("'created_at' " + e.getMessage());
            }
        }
        String user = Names.check("user", text(body, "user"));
        if (user != null && user.isBlank()) {
            user = null;
        }
        return new ApiKeysBody(
                user,
                keyHash(text(body, "key_hash")),
                metadata instanceof ObjectNode o ? o : null,
                enabled == null ? null : enabled.booleanValue());
    }

    private static String keyHash(String given) {
        if (given == null || given.isEmpty() || given.equals(MASKED)) {
            return null;
        }
        String hash = given.toLowerCase(Locale.ROOT);
        if (!SHA512_HEX.matcher(hash).matches()) {
            throw ApiException.badRequest("'key_hash' must be the SHA-512 hex digest of a key (128 hex digits)");
        }
        return hash;
    }

    private static String text(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
