package io.reflex.cli.client;

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

    public SseReader(InputStream in) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The next event; empty at the end of the stream. */
    public Optional<Event> next() throws IOException {
        String id = null;
        String name = null;
        StringBuilder data = null;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (name != null || data != null) {
                    return Optional.of(
                            new Event(id, name == null ? "message" : name, data == null ? "" : data.toString()));
                }
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = value;
                case "event" -> name = value;
                case "data" ->
                    data = data == null
                            ? new StringBuilder(value)
                            : data.append('\n').append(value);
                default -> {}
            }
        }
        return Optional.empty();
    }
}
