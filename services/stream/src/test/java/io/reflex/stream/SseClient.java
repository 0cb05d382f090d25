package io.reflex.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import io.reflex.web.SseParser;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 client for server-sent events over a plain socket, for tests: it sends one GET, reads the
 * status line and headers, decodes a chunked (or length-delimited) body, and parses it as an EventSource
 * does (fields {@code id}, {@code event}, {@code data}; a blank line dispatches; a blank line with no field
 * before it is a keep-alive, reported as {@link Heartbeat}). A virtual thread reads; tests take parsed items
 * with timeouts. Owning the socket also lets a test be a client that never reads.
 */
final class SseClient implements AutoCloseable {
    sealed interface Item permits Event, Heartbeat, Closed {}

    /** One dispatched event; {@code id} is null when the event had no {@code id:} line. */
    record Event(String id, String name, String data) implements Item {
        JsonNode json() {
            return Json.read(data.getBytes(StandardCharsets.UTF_8), JsonNode.class);
        }

        long offset() {
            return Long.parseLong(id);
        }
    }

    record Heartbeat() implements Item {}

    /** The body ended (the server closed the stream, or the connection failed). */
    record Closed(String why) implements Item {}

    private final Socket socket;
    private final int status;
    private final Map<String, String> headers;
    private final String body;
    private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();
    private final StringBuilder raw = new StringBuilder();
    private final List<Long> counted = new ArrayList<>();
    private boolean counting;
    private volatile boolean closed;

    private SseClient(Socket socket, int status, Map<String, String> headers, String body) {
        this.socket = socket;
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /** Sends {@code GET pathAndQuery}; {@code headers} alternate name, value. */
    static SseClient get(String baseUrl, String pathAndQuery, String... headers) throws IOException {
        return get(false, baseUrl, pathAndQuery, headers);
    }

    /**
     * As {@link #get(String, String, String...)}, but keeping only the ids of events (see {@link #ids()}) and
     * no raw text: for tests with many clients and many events.
     */
    static SseClient counting(String baseUrl, String pathAndQuery, String... headers) throws IOException {
        return get(true, baseUrl, pathAndQuery, headers);
    }

    private static SseClient get(boolean counting, String baseUrl, String pathAndQuery, String... headers)
            throws IOException {
        Socket socket = send(baseUrl, pathAndQuery, 0, headers);
        InputStream in = new BufferedInputStream(socket.getInputStream());
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> h = new LinkedHashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            h.put(
                    l.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    l.substring(colon + 1).trim());
        }
        InputStream content = "chunked".equalsIgnoreCase(h.get("transfer-encoding"))
                ? new Chunked(in)
                : new Limited(in, Long.parseLong(h.getOrDefault("content-length", "-1")));
        if (status != 200) {
            String text = new String(content.readAllBytes(), StandardCharsets.UTF_8);
            socket.close();
            return new SseClient(socket, status, h, text);
        }
        SseClient client = new SseClient(socket, status, h, null);
        client.counting = counting;
        Thread.ofVirtual().name("sse-client").start(() -> client.parse(content));
        return client;
    }

    /**
     * Sends {@code GET pathAndQuery} on a socket with a small receive buffer and returns it without ever
     * reading: a client that is stuck.
     */
    static Socket stuck(String baseUrl, String pathAndQuery, String... headers) throws IOException {
        return send(baseUrl, pathAndQuery, 4096, headers);
    }

    private static Socket send(String baseUrl, String pathAndQuery, int receiveBuffer, String... headers)
            throws IOException {
        URI base = URI.create(baseUrl);
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        StringBuilder req = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\n");
        req.append("Host: ")
                .append(base.getHost())
                .append(':')
                .append(base.getPort())
                .append("\r\n");
        req.append("Accept: text/event-stream\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            req.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        req.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(req.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return socket;
    }

    int status() {
        return status;
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The body of a non-200 answer. */
    String body() {
        return body;
    }

    JsonNode bodyJson() {
        return Json.read(body.getBytes(StandardCharsets.UTF_8), JsonNode.class);
    }

    /** The next item; fails the test when none comes within {@code timeout}. */
    Item next(Duration timeout) throws InterruptedException {
        Item item = items.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (item == null) {
            throw new AssertionError("no SSE item within " + timeout);
        }
        return item;
    }

    /** The next event, skipping keep-alives; fails when the stream closes or nothing comes in time. */
    Event nextEvent(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Item item = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (item instanceof Event e) {
                return e;
            }
            if (item instanceof Closed c) {
                throw new AssertionError("stream closed before the next event: " + c.why());
            }
        }
    }

    /** Items received so far and not taken yet. */
    List<Item> drained() {
        List<Item> out = new ArrayList<>();
        items.drainTo(out);
        return out;
    }

    /** The ids of the events received so far (counting clients). */
    synchronized List<Long> ids() {
        return List.copyOf(counted);
    }

    synchronized int count() {
        return counted.size();
    }

    boolean isClosed() {
        return closed;
    }

    /** Everything the body carried up to now, byte for byte (for framing checks). */
    synchronized String rawText() {
        return raw.toString();
    }

    private void parse(InputStream body) {
        try {
            byte[] buf = new byte[16384];
            byte[] line = new byte[1024];
            int length = 0;
            for (int n = body.read(buf); n != -1; n = body.read(buf)) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] != '\n') {
                        if (length == line.length) {
                            line = java.util.Arrays.copyOf(line, length * 2);
                        }
                        line[length++] = buf[i];
                        continue;
                    }
                    onLine(new String(line, 0, length, StandardCharsets.UTF_8));
                    length = 0;
                }
            }
            items.add(new Closed("eof"));
        } catch (IOException e) {
            items.add(new Closed(e.toString()));
        } finally {
            closed = true;
        }
    }

    private final SseParser parser = new SseParser();

    /** One line of the body, without its newline: the EventSource parsing rules. */
    private void onLine(String line) {
        if (!counting) {
            synchronized (this) {
                raw.append(line).append('\n');
            }
        }
        if (parser.line(line)) {
            dispatch(parser.take());
        }
    }

    private void dispatch(Optional<SseParser.Event> event) {
        if (event.isEmpty()) {
            items.add(new Heartbeat());
            return;
        }
        SseParser.Event e = event.get();
        if (counting && e.id() != null) {
            synchronized (this) {
                counted.add(Long.parseLong(e.id()));
            }
        } else {
            items.add(new Event(e.id(), e.name(), e.data()));
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                out.write(b);
            }
        }
        if (b == -1 && out.size() == 0) {
            throw new IOException("connection closed");
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A chunked body, decoded. */
    private static final class Chunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int first = read();
            if (first == -1) {
                return -1;
            }
            buf[off] = (byte) first;
            int n = 1;
            if (left > 0) {
                int more = in.read(buf, off + 1, (int) Math.min(len - 1, left));
                if (more > 0) {
                    n += more;
                    left -= more;
                    if (left == 0) {
                        line(in);
                    }
                }
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line(in).trim();
                left = Long.parseLong(size.split(";")[0], 16);
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int b = in.read();
            if (b == -1) {
                throw new IOException("connection closed inside a chunk");
            }
            if (--left == 0) {
                line(in);
            }
            return b;
        }
    }

    /** A body of known length (or, with -1, until the connection closes). */
    private static final class Limited extends InputStream {
        private final InputStream in;
        private long left;

        Limited(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left == 0) {
                return -1;
            }
            int b = in.read();
            if (b != -1 && left > 0) {
                left--;
            }
            return b;
        }
    }
}
