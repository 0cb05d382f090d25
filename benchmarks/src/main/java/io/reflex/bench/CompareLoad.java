package io.reflex.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The client side of {@code bin/bench compare}: POSTs {@code {"batch": id, "n": seq}} for seq 0..count-1 from
 * {@code clients} threads, each waiting for its answer before sending the next, paced at {@code rate} per
 * second (0: as fast as answers come back). Every request's send and answer times are kept; a request without
 * an answer (timeout, reset) has status 0.
 */
final class CompareLoad {
    /** Per seq: wall clock just before sending, monotonic send and answer times, and the HTTP status. */
    record Sent(String batch, Instant[] sentAt, long[] sentNanos, long[] answeredNanos, int[] status) {
        int count() {
            return status.length;
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    Sent send(String url, Map<String, String> headers, String batch, int count, double rate, int clients)
            throws Exception {
        Sent s = new Sent(batch, new Instant[count], new long[count], new long[count], new int[count]);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> senders = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                senders.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        if (rate > 0) {
                            LockSupport.parkNanos(start + (long) (i * 1e9 / rate) - System.nanoTime());
                        }
                        one(url, headers, s, i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : senders) {
                f.get();
            }
        }
        return s;
    }

    private void one(String url, Map<String, String> headers, Sent s, int i) throws InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{\"batch\": \"" + s.batch() + "\", \"n\": " + i + "}"));
        headers.forEach(b::header);
        HttpRequest request = b.build();
        s.sentAt()[i] = Instant.now();
        s.sentNanos()[i] = System.nanoTime();
        try {
            s.status()[i] =
                    http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            s.status()[i] = 0;
        }
        s.answeredNanos()[i] = System.nanoTime();
    }
}
