package io.reflex.clients;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * An EventSource as a browser or hubot opens one: {@code GET <stream>/stream/v1/stream?x-auth-token=...}, the
 * response parsed into events ({@code event:} and {@code data:} lines up to a blank line) as they arrive.
 * Subscribed once the constructor returns (the response headers arrived).
 */
final class SseEvents implements AutoCloseable {
    /** One server-sent event; {@code data} joins several data lines with newlines, as EventSource does. */
    record Event(String event, String data) {}

    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Stream<String> lines;
    private final Thread reader;

    SseEvents(String streamUrl, String token) throws Exception {
        String url = streamUrl + "/stream/v1/stream?x-auth-token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        lines = SseLines.open(HttpRequest.newBuilder(URI.create(url)));
        reader = Thread.ofVirtual().start(this::read);
    }

    private void read() {
        String event = "message";
        StringBuilder data = null;
        try {
            for (var it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(event, data.toString()));
                    }
                    event = "message";
                    data = null;
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    String value = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
                    data = data == null
                            ? new StringBuilder(value)
                            : data.append('\n').append(value);
                }
            }
        } catch (RuntimeException closed) {
            // the stream was closed
        }
    }

    /** The first event (from now on) of type {@code type} whose data passes {@code test}, within {@code patience}. */
    Optional<Event> await(String type, Predicate<String> test, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            Event e = events.poll(left, TimeUnit.NANOSECONDS);
            if (e != null && e.event().equals(type) && test.test(e.data())) {
                return Optional.of(e);
            }
        }
    }

    @Override
    public void close() {
        lines.close();
        reader.interrupt();
    }
}
