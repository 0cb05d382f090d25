package io.reflex.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * One SSE client of {@code /stream/v1/stream} counting {@code st2.execution} events, as an st2web tab would:
 * when its connection ends (its stream process died) it connects to the other stream process with
 * {@code Last-Event-ID} set to the last id it saw. It records, per execution id, whether it saw the create
 * event and an update with a completed status, and every event id seen twice.
 */
final class StreamWatcher implements AutoCloseable {
    private static final Set<String> COMPLETED = Set.of("succeeded", "failed", "timeout", "canceled", "abandoned");

    private final List<String> bases;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    private final AtomicInteger events = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger reconnects = new AtomicInteger();
    /** The last id received, as an EventSource keeps it: what a reconnect sends. */
    private final AtomicReference<String> lastId = new AtomicReference<>();

    private final AtomicLong connectedAt = new AtomicLong();
    private final Thread thread;
    private volatile int current;
    private volatile boolean closed;

    /** @param bases the stream processes' base URLs; the first is used first */
    StreamWatcher(List<String> bases, String token) {
        this.bases = List.copyOf(bases);
        this.token = token;
        this.thread = Thread.ofPlatform().daemon().name("chaos-sse").start(this::run);
    }

    /** Index into the bases of the process the client is (or was last) connected to. */
    int current() {
        return current;
    }

    /** {@link System#nanoTime()} of the latest successful connection. */
    long connectedAt() {
        return connectedAt.get();
    }

    int events() {
        return events.get();
    }

    int duplicates() {
        return duplicates.get();
    }

    int reconnects() {
        return reconnects.get();
    }

    boolean sawCreate(String executionId) {
        return created.contains(executionId);
    }

    boolean sawCompletion(String executionId) {
        return finished.contains(executionId);
    }

    private void run() {
        while (!closed) {
            try {
                listen(bases.get(current));
            } catch (IOException e) {
                // the process went away or refused: try the other one
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            current = (current + 1) % bases.size();
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void listen(String base) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create(base + "/stream/v1/stream?events=st2.execution__create,st2.execution__update"))
                .header("X-Auth-Token", token)
                .header("Accept", "text/event-stream");
        if (lastId.get() != null) {
            b.header("Last-Event-ID", lastId.get());
        }
        HttpResponse<Stream<String>> r = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) {
            r.body().close();
            throw new IOException("stream answered " + r.statusCode());
        }
        if (connectedAt.getAndSet(System.nanoTime()) != 0) {
            reconnects.incrementAndGet();
        }
        try (Stream<String> lines = r.body()) {
            Frame frame = new Frame();
            for (Iterator<String> it = lines.iterator(); it.hasNext() && !closed; ) {
                String line = it.next();
                if (line.isEmpty()) {
                    frame.dispatch(this);
                    frame = new Frame();
                } else if (line.startsWith("id:")) {
                    frame.id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    frame.event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    frame.data.append(line.substring(5).trim());
                }
            }
        } catch (RuntimeException e) {
            // the body stream wraps the connection's IOException
            throw new IOException(e);
        }
    }

    private void accept(String id, String event, String data) {
        if (id != null) {
            lastId.set(id);
            if (!ids.add(id)) {
                duplicates.incrementAndGet();
            }
        }
        events.incrementAndGet();
        JsonNode body = Json.read(data, JsonNode.class);
        String execution = body.path("id").asText("");
        if (event.endsWith("__create")) {
            created.add(execution);
        }
        if (COMPLETED.contains(body.path("status").asText(""))) {
            finished.add(execution);
        }
    }

    /** One event being read: its fields until the blank line that ends it. */
    private static final class Frame {
        String id;
        String event;
        final StringBuilder data = new StringBuilder();

        void dispatch(StreamWatcher w) {
            if (event != null && !data.isEmpty()) {
                w.accept(id, event, data.toString());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
