package io.reflex.web;

import java.util.Optional;

/**
 * The reading half of server-sent events, fed one line at a time (without its line end): {@code id:},
 * {@code event:} and {@code data:} lines up to a blank line make one event, several {@code data:} lines are
 * joined by newlines, one space after the colon is dropped, {@code :} comments and unknown fields are
 * skipped. A blank line with no field before it is a keep-alive (StackStorm's heartbeat). Not thread-safe.
 */
public final class SseParser {
    /** One event; {@code id} is null when the event had no {@code id:} line, {@code name} defaults to message. */
    public record Event(String id, String name, String data) {}

    private String id;
    private String name;
    private StringBuilder data;
    private boolean any;

    /**
     * Reads one line. Returns true when the line is blank, i.e. it ends a block: then {@link #take()} gives
     * what the block held.
     */
    public boolean line(String line) {
        if (line.isEmpty()) {
            return true;
        }
        if (line.startsWith(":")) {
            return false;
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
            default -> {
                return false;
            }
        }
        any = true;
        return false;
    }

    /** The event the last block made, empty for a keep-alive; starts the next block. */
    public Optional<Event> take() {
        Optional<Event> event = any
                ? Optional.of(new Event(id, name == null ? "message" : name, data == null ? "" : data.toString()))
                : Optional.empty();
        id = null;
        name = null;
        data = null;
        any = false;
        return event;
    }
}
