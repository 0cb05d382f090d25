package io.reflex.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.executions.ParameterValidation;
import io.reflex.web.ApiException;
import io.reflex.web.BodyTypes;
import io.reflex.web.Call;
import io.reflex.web.auth.CredentialHeaders;
import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.TreeMap;

/**
 * What a webhook request carries, read as StackStorm's router reads it. The body by content type: JSON
 * ({@code application/json} or a {@code +json} type; an empty body means {@code {}}),
 * {@code application/x-www-form-urlencoded} and {@code multipart/form-data} (a mapping of field → list of
 * values, like Python's {@code parse_qs}); any other type was refused with 415 before ({@link BodyTypes}).
 * The body must be an object or an array. Headers are named as WebOb names them (title case,
 * {@code X-Github-Event}), repeated values joined by {@code ", "}; credential headers
 * ({@link CredentialHeaders}, in any case) are never kept, and {@code St2-Trace-Tag} is taken out as the
 * trace tag.
 */
final class WebhooksRequests {
    static final String TRACE_TAG = "St2-Trace-Tag";

    private WebhooksRequests() {}

    /** @throws ApiException 400 for malformed bodies, 415 for unsupported types */
    static JsonNode body(Call call) {
        String type = call.header("Content-Type").map(BodyTypes::mediaType).orElse("application/json");
        JsonNode body;
        if (BodyTypes.isJson(type) || (type.isEmpty() && call.bodyText().isEmpty())) {
            body = json(call.bodyText());
        } else if (BodyTypes.isForm(type)) {
            body = form(call.context().request().formAttributes());
        } else {
            throw new ApiException(415, "Unsupported Content-Type: \"" + type + "\"");
        }
        if (!body.isObject() && !body.isArray()) {
            throw ApiException.badRequest(ParameterValidation.PyRepr.of(body) + " is not of type 'object', 'array'");
        }
        return body;
    }

    private static JsonNode json(String text) {
        if (text.isBlank()) {
            return Json.object();
        }
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Failed to parse request body: " + e.getOriginalMessage());
        }
    }

    private static ObjectNode form(MultiMap attributes) {
        ObjectNode out = Json.object();
        for (String name : attributes.names()) {
            ArrayNode values = out.putArray(name);
            attributes.getAll(name).forEach(values::add);
        }
        return out;
    }

    /** The request headers for the payload, sorted by name, without credentials and the trace tag. */
    static ObjectNode headers(MultiMap headers, CredentialHeaders credentials) {
        TreeMap<String, String> sorted = new TreeMap<>();
        for (String name : headers.names()) {
            String key = titleCase(name);
            // the payload's name too: x_auth_token is shown as X-Auth-Token
            if (!credentials.isCredential(name) && !credentials.isCredential(key) && !key.equals(TRACE_TAG)) {
                sorted.put(key, String.join(", ", headers.getAll(name)));
            }
        }
        ObjectNode out = Json.object();
        sorted.forEach(out::put);
        return out;
    }

    /**
     * A webhook payload given by a caller ({@code /webhooks/st2} firing a {@code core.st2.webhook} trigger)
     * without its credential headers, so that no webhook trigger instance ever holds one.
     */
    static ObjectNode withoutCredentials(ObjectNode payload, CredentialHeaders credentials) {
        ObjectNode out = payload.deepCopy();
        for (String field : new String[] {"headers", "headers_lower"}) {
            if (out.get(field) instanceof ObjectNode headers) {
                headers.properties().removeIf(e -> credentials.isCredential(e.getKey()));
            }
        }
        return out;
    }

    /** The same headers with lower-cased names ({@code headers_lower}). */
    static ObjectNode lower(ObjectNode headers) {
        ObjectNode out = Json.object();
        headers.properties().forEach(e -> out.set(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        return out;
    }

    /** Python's {@code str.title()}: a letter after a non-letter is upper case, every other letter lower. */
    static String titleCase(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        boolean afterLetter = false;
        for (char c : name.toCharArray()) {
            sb.append(afterLetter ? Character.toLowerCase(c) : Character.toUpperCase(c));
            afterLetter = Character.isLetter(c);
        }
        return sb.toString().replace('_', '-');
    }
}
