package io.reflex.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.executions.ParameterValidation;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a webhook request carries, read as StackStorm's router reads it. The body by content type:
 * {@code application/json} (the default; empty means {@code {}}), {@code text/plain} (JSON text, as
 * StackStorm's eventlet server treats it), {@code application/x-www-form-urlencoded} and
 * {@code multipart/form-data} (a mapping of field → list of values, like Python's {@code parse_qs}); the
 * body must be an object or an array. Headers are named as WebOb names them (title case,
 * {@code X-Github-Event}), repeated values joined by {@code ", "}; credentials ({@code St2-Api-Key},
 * {@code X-Auth-Token}, {@code Cookie}) are never kept, and {@code St2-Trace-Tag} is taken out as the trace
 * tag.
 */
final class WebhooksRequests {
    static final Set<String> CREDENTIAL_HEADERS = Set.of("st2-api-key", "x-auth-token", "cookie");
    static final String TRACE_TAG = "St2-Trace-Tag";

    private WebhooksRequests() {}

    /** @throws ApiException 400 for malformed or unsupported bodies */
    static JsonNode body(Call call) {
        String type = call.header("Content-Type")
                .map(t -> t.split(";")[0].trim().toLowerCase(Locale.ROOT))
                .orElse("application/json");
        JsonNode body = switch (type) {
            case "application/json", "text/plain" -> json(call.bodyText());
            case "application/x-www-form-urlencoded", "multipart/form-data" ->
                form(call.context().request().formAttributes());
            default -> throw ApiException.badRequest("Unsupported Content-Type: \"" + type + "\"");
        };
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
    static ObjectNode headers(MultiMap headers) {
        TreeMap<String, String> sorted = new TreeMap<>();
        for (String name : headers.names()) {
            String key = titleCase(name);
            if (!CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !key.equals(TRACE_TAG)) {
                sorted.put(key, String.join(", ", headers.getAll(name)));
            }
        }
        ObjectNode out = Json.object();
        sorted.forEach(out::put);
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
