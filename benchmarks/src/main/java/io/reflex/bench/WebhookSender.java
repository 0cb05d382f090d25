package io.reflex.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Posts webhooks {@code {"tag": ..., "n": seq}} for seq 0..count-1, paced, as a well-behaved sender does: a
 * refused connection or a 503/429 is sent again after a pause ({@code Retry-After} when the answer has one,
 * else 1 s) until it is accepted (202) or the deadline passes. A request that got no answer at all (reset,
 * timeout) is ambiguous — the API may have accepted it — and is sent again too, as a real sender would; such
 * resends are counted. Every seq carries its own {@code Idempotency-Key}, so a request sent again after an
 * answer that left its fate open (a 503 once the broker had taken the message but could not confirm it, or no
 * answer) names the same trigger instance as the first, and the rules engine acts on it once.
 */
final class WebhookSender {
    /** What the senders did; {@code accepted[seq]} tells whether that seq got a 202. */
    record Sent(boolean[] accepted, int refusedConnections, int unavailable, int ambiguous, int rejected) {
        int count() {
            int n = 0;
            for (boolean a : accepted) {
                n += a ? 1 : 0;
            }
            return n;
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String url;
    private final String token;
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger unavailable = new AtomicInteger();
    private final AtomicInteger ambiguous = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();

    /** @param url the webhook's full URL, {@code http://host:port/api/v1/webhooks/<hook>} */
    WebhookSender(String url, String token) {
        this.url = url;
        this.token = token;
    }

    /** Sends every seq from {@code clients} threads at {@code rate} per second; gives up on a seq at {@code deadline}. */
    Sent send(String tag, int count, double rate, int clients, long deadlineNanos) throws Exception {
        return send(tag, count, rate, clients, deadlineNanos, () -> false);
    }

    /**
     * As {@link #send(String, int, double, int, long)}, but sends no new seq once {@code stop} is true: the
     * answer's {@code accepted} then ends after the last seq sent.
     */
    Sent send(String tag, int count, double rate, int clients, long deadlineNanos, BooleanSupplier stop)
            throws Exception {
        AtomicIntegerArray accepted = new AtomicIntegerArray(count);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> senders = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                senders.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        LockSupport.parkNanos(start + (long) (i * 1e9 / rate) - System.nanoTime());
                        if (stop.getAsBoolean()) {
                            break;
                        }
                        sent.accumulateAndGet(i + 1, Math::max);
                        if (deliver(tag + "-" + i, "{\"tag\": \"" + tag + "\", \"n\": " + i + "}", deadlineNanos)) {
                            accepted.set(i, 1);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> s : senders) {
                s.get();
            }
        }
        boolean[] out = new boolean[sent.get()];
        for (int i = 0; i < out.length; i++) {
            out[i] = accepted.get(i) == 1;
        }
        return new Sent(out, refused.get(), unavailable.get(), ambiguous.get(), rejected.get());
    }

    /** True once a 202 came back; false when the API said no for good or the deadline passed. */
    private boolean deliver(String key, String body, long deadlineNanos) throws InterruptedException {
        while (System.nanoTime() < deadlineNanos) {
            long pauseMs = 1000;
            try {
                HttpResponse<Void> r = http.send(request(key, body), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 202) {
                    return true;
                }
                if (r.statusCode() != 503 && r.statusCode() != 429) {
                    rejected.incrementAndGet();
                    return false;
                }
                unavailable.incrementAndGet();
                pauseMs = r.headers()
                                .firstValue("Retry-After")
                                .map(WebhookSender::seconds)
                                .orElse(1L)
                        * 1000;
            } catch (ConnectException e) {
                refused.incrementAndGet();
            } catch (IOException e) {
                ambiguous.incrementAndGet();
            }
            Thread.sleep(pauseMs);
        }
        return false;
    }

    private static long seconds(String retryAfter) {
        try {
            return Math.max(0, Math.min(30, Long.parseLong(retryAfter.trim())));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private HttpRequest request(String key, String body) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("X-Auth-Token", token)
                .header("Idempotency-Key", key)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
