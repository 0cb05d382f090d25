package io.reflex.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The local cluster's API through nginx, as {@code bin/bench ha} calls it: blocking calls with one token, each
 * failing with an {@link IllegalStateException} that names the call when the answer is not the one expected.
 */
final class ClusterApi {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String base;
    private final String token;

    /** @param base e.g. {@code http://127.0.0.1:27180} (paths start with {@code /api/v1/...}) */
    ClusterApi(String base, String token) {
        this.base = base;
        this.token = token;
    }

    String token() {
        return token;
    }

    /** GET; the body of a 200. */
    String get(String path) throws IOException, InterruptedException {
        return send("GET " + path, request(path).GET(), 200);
    }

    /** POST of a JSON body; the answer's body when its status is {@code expected} or any 2xx. */
    String post(String path, String body, int expected) throws IOException, InterruptedException {
        return send(
                "POST " + path,
                request(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)),
                expected);
    }

    /** DELETE; fails unless the answer is a 2xx. */
    void delete(String path) throws IOException, InterruptedException {
        send("DELETE " + path, request(path).DELETE(), 204);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .header("X-Auth-Token", token)
                .timeout(Duration.ofSeconds(60));
    }

    private String send(String call, HttpRequest.Builder request, int expected)
            throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected && r.statusCode() >= 300) {
            throw new IllegalStateException(call + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
