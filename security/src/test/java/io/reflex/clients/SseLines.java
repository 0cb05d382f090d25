package io.reflex.clients;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An SSE request read as StackStorm's clients read it: the lines of one response until the server closes
 * it. {@link #untilClosed} fails when the server keeps the stream open, which is what a hanging
 * {@code st2 pack install} looks like.
 */
final class SseLines {
    private SseLines() {}

    /** The {@code event:} and {@code data:} lines of the response, once the server closed it. */
    static List<String> untilClosed(String url, String token, Duration patience) throws Exception {
        try (Stream<String> lines = open(HttpRequest.newBuilder(URI.create(url)).header("X-Auth-Token", token))) {
            CompletableFuture<List<String>> read = CompletableFuture.supplyAsync(() -> {
                List<String> out = new ArrayList<>();
                for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (line.startsWith("event:") || line.startsWith("data:")) {
                        out.add(line);
                    }
                }
                return out;
            });
            return read.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The lines of the SSE response to {@code request} (its headers arrived); fails unless it answered 200. */
    static Stream<String> open(HttpRequest.Builder request) throws Exception {
        HttpResponse<Stream<String>> response = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .build()
                .send(request.header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("stream answered " + response.statusCode());
        }
        return response.body();
    }
}
