package io.reflex.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The REST API process over real HTTP, as st2client talks to it: one credential header on every request
 * ({@code X-Auth-Token} or {@code St2-Api-Key}), JSON in and out.
 */
final class ApiClient {
    /** One exchange: status, raw body, and the body as JSON (null when it is not JSON). */
    record Response(int status, String body, JsonNode json) {
        Response requireStatus(int expected, String what) {
            if (status != expected) {
                throw new AssertionError(what + ": expected HTTP " + expected + ", got " + status + ": " + body);
            }
            return this;
        }
    }

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String header;
    private final String credential;

    private ApiClient(String base, String header, String credential) {
        this.base = base;
        this.header = header;
        this.credential = credential;
    }

    static ApiClient withToken(String base, String token) {
        return new ApiClient(base, "X-Auth-Token", token);
    }

    static ApiClient withApiKey(String base, String key) {
        return new ApiClient(base, "St2-Api-Key", key);
    }

    String base() {
        return base;
    }

    Response get(String path) {
        return send("GET", path, null);
    }

    Response post(String path, String json) {
        return send("POST", path, json);
    }

    Response put(String path, String json) {
        return send("PUT", path, json);
    }

    Response send(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header(header, credential);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(
                method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), parse(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body.isBlank() ? null : Json.mapper().readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }
}
