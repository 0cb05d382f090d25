package io.reflex.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** The HTTP exchanges of the test servers and stacks: any body is sent as is and read back as JSON if it is. */
public final class JsonHttp {
    private JsonHttp() {}

    /** One HTTP exchange's outcome; {@code json} is null when the body is empty or not JSON. */
    public record Response(int status, Map<String, List<String>> headers, String body, JsonNode json) {
        /** The first value of header {@code name} (any case), or null. */
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        /** The {@code faultstring} of a StackStorm-shaped error body, or null. */
        public String faultstring() {
            return json == null ? null : json.path("faultstring").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /**
     * Sends {@code method} with {@code body} (null: none) and {@code headers} (alternating name, value) on
     * {@code request}, which holds the URI and timeout, and waits for the whole response.
     *
     * @throws UncheckedIOException when the exchange fails
     * @throws IllegalStateException when the thread is interrupted (its flag is set again)
     */
    public static Response send(
            HttpClient http, HttpRequest.Builder request, String method, String body, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpRequest built = request.build();
        try {
            HttpResponse<String> r = http.send(built, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().map(), r.body(), jsonOrNull(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + built.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode jsonOrNull(String body) {
        if (body.isBlank()) {
            return null;
        }
        try {
            return Json.mapper().readTree(body);
        } catch (IOException notJson) {
            // HTML and text bodies (entry points, output) are returned as is
            return null;
        }
    }
}
