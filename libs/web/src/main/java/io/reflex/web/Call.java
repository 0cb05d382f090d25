package io.reflex.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.core.model.Names;
import io.reflex.web.auth.Principal;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One API request as an endpoint sees it: parameters, body, the authenticated principal. Every accessor
 * turns bad input into an {@link ApiException} 400 naming the parameter, so endpoints never see raw
 * parse errors.
 */
public final class Call {
    /** Key under which the authenticated {@link Principal} is stored on the routing context. */
    public static final String PRINCIPAL = "reflex.principal";

    private final RoutingContext ctx;

    public Call(RoutingContext ctx) {
        this.ctx = ctx;
    }

    public RoutingContext context() {
        return ctx;
    }

    public Principal principal() {
        Principal p = ctx.get(PRINCIPAL);
        if (p == null) {
            throw ApiException.unauthorized("One of Token or API key required.");
        }
        return p;
    }

    /**
     * A path parameter (decoded); it is always present when the route matched.
     *
     * @throws ApiException 400 naming the parameter when it holds a control character ({@link Names})
     */
    public String path(String name) {
        String v = ctx.pathParam(name);
        if (v == null) {
            throw ApiException.badRequest("missing path parameter '" + name + "'");
        }
        Names.controlCharacter(name, v).ifPresent(problem -> {
            throw ApiException.badRequest(problem);
        });
        return v;
    }

    public Optional<String> query(String name) {
        String v = ctx.request().getParam(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /** A query parameter given as a comma-separated list or repeated ({@code ?a=x,y&a=z}). */
    public List<String> queryList(String name) {
        return ctx.queryParam(name).stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    public boolean queryBool(String name, boolean fallback) {
        return query(name)
                .map(v -> switch (v.toLowerCase(Locale.ROOT)) {
                    case "true", "1", "yes", "on" -> true;
                    case "false", "0", "no", "off" -> false;
                    default ->
                        throw ApiException.badRequest(
                                "query parameter '" + name + "' must be true or false, got '" + v + "'");
                })
                .orElse(fallback);
    }

    public Optional<Integer> queryInt(String name) {
        return query(name).map(v -> {
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("query parameter '" + name + "' must be an integer, got '" + v + "'");
            }
        });
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(ctx.request().getHeader(name)).filter(s -> !s.isEmpty());
    }

    /** The raw body text ("" when none). */
    public String bodyText() {
        return ctx.body() == null || ctx.body().buffer() == null
                ? ""
                : ctx.body().asString();
    }

    /** The body as JSON; an empty body is {@code {}}. 400 when it is not JSON. */
    public JsonNode bodyJson() {
        String text = bodyText();
        if (text.isBlank()) {
            return Json.object();
        }
        try {
            return Json.mapper().readTree(text);
        } catch (JsonParseException e) {
            throw ApiException.badRequest("Failed to parse request body as JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Failed to parse request body as JSON: " + e.getOriginalMessage());
        }
    }

    /** The body, which must be a JSON object. */
    public ObjectNode bodyObject() {
        JsonNode n = bodyJson();
        if (!(n instanceof ObjectNode o)) {
            throw ApiException.badRequest("request body must be a JSON object, got " + kind(n));
        }
        return o;
    }

    static String kind(JsonNode n) {
        if (n.isArray()) {
            return "an array";
        }
        if (n.isTextual()) {
            return "a string";
        }
        if (n.isNumber()) {
            return "a number";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        return n.isNull() ? "null" : "an object";
    }
}
