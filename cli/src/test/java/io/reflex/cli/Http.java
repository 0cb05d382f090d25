package io.reflex.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny HTTP helper for the tests: send a request and read status and JSON body. */
final class Http {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Reply(int status, JsonObject body) {}

    private Http() {}

    static Reply get(String url) {
        return send("GET", url, null);
    }

    /** {@code method} of {@code url} with a JSON {@code body} (none when null); a non-JSON reply is {@code text}. */
    static Reply send(String method, String url, JsonObject body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(20))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body.encode()));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = r.body().strip();
            return new Reply(
                    r.statusCode(), text.startsWith("{") ? new JsonObject(text) : new JsonObject().put("text", text));
        } catch (IOException e) {
            return new Reply(-1, new JsonObject().put("error", e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
