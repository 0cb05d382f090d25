package io.reflex.api.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.model.Names;
import io.reflex.web.ApiException;
import java.util.Iterator;
import java.util.Set;

/**
 * The body of {@code PUT /keys/{name}} (StackStorm's {@code KeyValuePairRequest}), checked field by field.
 * Besides the request fields, the fields of a key's own output ({@code id}, {@code uid}, {@code description},
 * {@code expire_timestamp}) are accepted and ignored, because {@code st2 key load} sends listed keys back as
 * they were printed.
 *
 * @param scope null when the body names none
 * @param user null when the body names none
 * @param ttl seconds to live; 0 for no expiry
 */
record KeysRequest(String name, String value, boolean secret, boolean encrypted, String scope, String user, long ttl) {
    /** A hundred years: beyond it an expiry date means nothing (and overflows some stores' date range). */
    static final long MAX_TTL = 100L * 365 * 24 * 3600;

    private static final Set<String> FIELDS = Set.of(
            "name",
            "value",
            "secret",
            "encrypted",
            "scope",
            "ttl",
            "user",
            "id",
            "uid",
            "description",
            "expire_timestamp");

    /** @throws ApiException 400 naming the first bad field */
    static KeysRequest parse(ObjectNode body) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw ApiException.badRequest("Additional properties are not allowed ('" + field + "' was unexpected)");
            }
        }
        long ttl = integer(body, "ttl");
        if (ttl < 0 || ttl > MAX_TTL) {
            throw ApiException.badRequest("'ttl' must be between 0 and " + MAX_TTL + " seconds, got " + ttl);
        }
        return new KeysRequest(
                requiredText(body, "name"),
                requiredText(body, "value"),
                bool(body, "secret"),
                bool(body, "encrypted"),
                optionalText(body, "scope"),
                Names.check("user", optionalText(body, "user")),
                ttl);
    }

    private static String requiredText(ObjectNode body, String field) {
        if (!body.hasNonNull(field)) {
            throw ApiException.badRequest("'" + field + "' is a required property");
        }
        return optionalText(body, field);
    }

    private static String optionalText(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("'" + field + "' must be a string, got " + kind(v));
        }
        return v.asText();
    }

    private static boolean bool(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw ApiException.badRequest("'" + field + "' must be a boolean, got " + kind(v));
        }
        return v.asBoolean();
    }

    private static long integer(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw ApiException.badRequest("'" + field + "' must be an integer, got " + kind(v));
        }
        return v.asLong();
    }

    private static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
