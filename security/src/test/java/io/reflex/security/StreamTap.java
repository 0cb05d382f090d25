package io.reflex.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * A subscriber to {@code /stream/v1/stream} that keeps every line it receives, for asserting what the
 * stream did (and did not) send. Subscribed once the constructor returns (the response headers arrived).
 */
final class StreamTap implements AutoCloseable {
    private final StringBuffer text = new StringBuffer();
    private final Stream<String> lines;
    private final Thread reader;

    StreamTap(String streamUrl, String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(streamUrl + "/stream/v1/stream"))
                .header("X-Auth-Token", token)
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        HttpResponse<Stream<String>> response = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .build()
                .send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("stream answered " + response.statusCode());
        }
        lines = response.body();
        reader = Thread.ofVirtual().start(() -> {
            try {
                lines.forEach(l -> text.append(l).append('\n'));
            } catch (RuntimeException closed) {
                // the tap was closed
            }
        });
    }

    /** Everything received so far. */
    String text() {
        return text.toString();
    }

    @Override
    public void close() {
        lines.close();
        reader.interrupt();
    }
}
