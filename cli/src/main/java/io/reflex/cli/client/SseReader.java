package io.reflex.cli.client;

import io.reflex.web.SseParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads server-sent events: {@code id:}, {@code event:} and {@code data:} lines up to a blank line make one
 * event; bare blank lines (StackStorm's heartbeats) and {@code :} comments are skipped. Blocks on the
 * stream; not thread-safe.
 */
public final class SseReader {
    /** One event; {@code id} is null when the server sent none. */
    public record Event(String id, String name, String data) {}

    private final BufferedReader in;
    private final SseParser parser = new SseParser();

    public SseReader(InputStream in) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The next event; empty at the end of the stream. */
    public Optional<Event> next() throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (parser.line(line)) {
                Optional<SseParser.Event> event = parser.take();
                if (event.isPresent()) {
                    SseParser.Event e = event.get();
                    return Optional.of(new Event(e.id(), e.name(), e.data()));
                }
            }
        }
        return Optional.empty();
    }
}
