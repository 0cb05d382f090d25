package io.reflex.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;

/**
 * Which request bodies a write endpoint takes. A write (POST, PUT, PATCH, DELETE) with a body must say it
 * is JSON ({@code application/json}, with any parameters, or an {@code application/*+json} type); a
 * webhook may also send a form, as StackStorm's webhooks take. Anything else, a missing Content-Type
 * included, is refused with 415 before the endpoint runs: a browser sends {@code text/plain}, form and
 * untyped bodies across origins without asking first (no CORS preflight), so JSON endpoints must never
 * read them. Bodyless writes need no Content-Type.
 */
public enum BodyTypes {
    /** JSON only: every endpoint but webhooks. */
    JSON,
    /** JSON, {@code application/x-www-form-urlencoded} or {@code multipart/form-data}: webhooks. */
    JSON_OR_FORM,
    /**
     * JSON, or YAML sent as {@code text/plain} (as StackStorm's client sends it) or a YAML media type: only for
     * endpoints that read the text and change nothing (workflow inspection), so a cross-origin text body
     * can do no harm there.
     */
    JSON_OR_YAML_TEXT;

    private static final Set<String> YAML_TEXT =
            Set.of("text/plain", "application/x-yaml", "application/yaml", "text/yaml", "text/x-yaml");

    private static final Set<HttpMethod> WRITES =
            Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
    private static final Set<String> FORMS = Set.of("application/x-www-form-urlencoded", "multipart/form-data");

    /** Whether {@code method} changes something (and so needs these checks). */
    public static boolean isWrite(HttpMethod method) {
        return WRITES.contains(method);
    }

    /** The media type of a Content-Type value, lower case, without parameters; "" for none. */
    public static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    public static boolean isJson(String mediaType) {
        return mediaType.equals("application/json")
                || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
    }

    public static boolean isForm(String mediaType) {
        return FORMS.contains(mediaType);
    }

    /** @throws ApiException 415 naming the Content-Type when a write's body is not of these types */
    void check(RoutingContext ctx) {
        if (!isWrite(ctx.request().method()) || !hasBody(ctx)) {
            return;
        }
        String type = mediaType(ctx.request().getHeader("Content-Type"));
        if (isJson(type)
                || (this == JSON_OR_FORM && isForm(type))
                || (this == JSON_OR_YAML_TEXT && YAML_TEXT.contains(type))) {
            return;
        }
        String expected = switch (this) {
            case JSON -> "application/json";
            case JSON_OR_FORM -> "application/json, application/x-www-form-urlencoded or multipart/form-data";
            case JSON_OR_YAML_TEXT -> "text/plain, application/x-yaml or application/json";
        };
        throw new ApiException(
                415,
                "Unsupported Content-Type: " + (type.isEmpty() ? "none" : "\"" + type + "\"") + "; send the body as "
                        + expected);
    }

    /** Whether the request sent a body (form bodies are decoded by the body handler, not buffered). */
    private static boolean hasBody(RoutingContext ctx) {
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        if (body != null && body.length() > 0) {
            return true;
        }
        var req = ctx.request();
        String length = req.getHeader("Content-Length");
        return (length != null && !length.trim().equals("0"))
                || req.getHeader("Transfer-Encoding") != null
                || !req.formAttributes().isEmpty()
                || !ctx.fileUploads().isEmpty();
    }
}
