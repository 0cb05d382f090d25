package io.reflex.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * StackStorm's SSE framing, byte for byte: {@code event: <name>\ndata: <compact JSON>\n\n}, keep-alives as a
 * bare {@code \n}, and no {@code retry:} field. Reflex adds an {@code id:} line before {@code event:} on events
 * of the shared log ({@link LogEvent#id}: from the log offset), so clients can resume with {@code Last-Event-ID}.
 * Compact JSON never contains a raw newline, so {@code data} is always one line.
 */
final class SseFrames {
    static final byte[] HEARTBEAT = {'\n'};

    /** The end of an execution output stream: StackStorm writes the Python repr of an empty string. */
    static final byte[] EOF = "event: EOF\ndata: ''\n\n".getBytes(StandardCharsets.UTF_8);

    /** Reflex's notice that events between the requested id and {@code first_available} are gone. */
    static final String GAP_EVENT = "reflex.stream__gap";

    private SseFrames() {}

    /** An event of the log, with its SSE id ({@link LogEvent#id}). */
    static byte[] event(String id, String name, JsonNode data) {
        return ("id: " + id + "\n" + body(name, data)).getBytes(StandardCharsets.UTF_8);
    }

    /** An event without an id (the client's last id stays what it was). */
    static byte[] event(String name, JsonNode data) {
        return body(name, data).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gap(long requested, long firstAvailable) {
        return event(GAP_EVENT, Json.object().put("requested", requested).put("first_available", firstAvailable));
    }

    private static String body(String name, JsonNode data) {
        return "event: " + name + "\ndata: " + Json.write(data) + "\n\n";
    }
}
