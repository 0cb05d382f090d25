package io.reflex.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.web.ApiException;

/**
 * The optional body of {@code POST /tokens}: {@code ttl} (an integer of at least 1, or null) and, for
 * service accounts, the user to mint the token for ({@code user}, or {@code impersonate_user} as the chat
 * bot sends it). Bad values are 400s naming the field, answered before any credential is checked.
 */
record TokenRequest(Long ttl, String user) {
    static TokenRequest parse(ObjectNode body) {
        JsonNode ttl = body.get("ttl");
        Long seconds = null;
        if (ttl != null && !ttl.isNull()) {
            if (!ttl.isIntegralNumber() || !ttl.canConvertToLong()) {
                throw ApiException.badRequest("'ttl' must be an integer number of seconds, got " + ttl);
            }
            if (ttl.asLong() < 1) {
                throw ApiException.badRequest("'ttl': " + ttl.asLong() + " is less than the minimum of 1");
            }
            seconds = ttl.asLong();
        }
        String user = text(body, "user");
        String impersonate = text(body, "impersonate_user");
        // checked but unused: Reflex keeps no chat-nickname mapping, so impersonate_user names the user itself
        text(body, "nickname_origin");
        return new TokenRequest(seconds, user != null ? user : impersonate);
    }

    private static String text(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw ApiException.badRequest("'" + field + "' must be a non-empty string");
        }
        return v.asText();
    }
}
