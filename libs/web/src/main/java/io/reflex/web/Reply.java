package io.reflex.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an endpoint answers: a status, a body (serialised as JSON unless it is a {@link String} with a
 * non-JSON content type), and extra headers. Endpoints that just return a value answer 200 with it.
 */
public record Reply(int status, Object body, String contentType, Map<String, String> headers) {
    public Reply {
        headers = Map.copyOf(headers);
    }

    public static Reply of(int status, Object body) {
        return new Reply(status, body, "application/json", Map.of());
    }

    public static Reply ok(Object body) {
        return of(200, body);
    }

    public static Reply created(Object body) {
        return of(201, body);
    }

    public static Reply accepted(Object body) {
        return of(202, body);
    }

    public static Reply noContent() {
        return new Reply(204, null, "application/json", Map.of());
    }

    public static Reply text(int status, String body, String contentType) {
        return new Reply(status, body, contentType, Map.of());
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Reply(status, body, contentType, h);
    }
}
