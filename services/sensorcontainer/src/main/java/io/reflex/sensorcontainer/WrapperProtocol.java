package io.reflex.sensorcontainer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import java.time.Duration;

/**
 * The JSON-lines protocol between the container and {@code reflex_sensor_wrapper.py}. Messages from the
 * wrapper arrive on its stdout, one per line, each behind an ASCII record separator; the wrapper keeps its
 * real stdout to itself (the sensor's prints go to stderr), and a line or line part without a separator is
 * treated as stray output, never as a message. Messages to the wrapper go to its stdin as plain JSON lines.
 */
final class WrapperProtocol {
    static final char RECORD_SEPARATOR = '\u001e';

    private WrapperProtocol() {}

    /** A message from the wrapper. */
    sealed interface Message {}

    /** The sensor's {@code setup()} returned; {@code run()} starts. */
    record Ready() implements Message {}

    /** {@code sensor_service.dispatch(trigger, payload, trace_tag)}; an absent payload is empty. */
    record Dispatch(String trigger, ObjectNode payload, String traceTag) implements Message {}

    /** A message type this container does not know (a newer wrapper): ignored. */
    record Unknown(String type) implements Message {}

    /**
     * One stdout line taken apart.
     *
     * @param output text that was not a message (null when none)
     * @param message the message on the line (null when none or unreadable)
     * @param problem why a message part could not be read (null when it could)
     */
    record Line(String output, Message message, String problem) {}

    /**
     * The message is what follows the line's last separator: a message cut short (a write interrupted by
     * SIGTERM) then ends up with the text before it, as output, instead of spoiling the message after it.
     */
    static Line parse(String raw) {
        int sep = raw.lastIndexOf(RECORD_SEPARATOR);
        if (sep < 0) {
            return new Line(raw, null, null);
        }
        String output = sep == 0 ? null : raw.substring(0, sep);
        String json = raw.substring(sep + 1);
        JsonNode node;
        try {
            node = Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            return new Line(output, null, "not JSON: " + abbreviate(json));
        }
        if (node == null || !node.isObject() || !node.path("type").isTextual()) {
            return new Line(output, null, "not a message object: " + abbreviate(json));
        }
        return switch (node.get("type").asText()) {
            case "ready" -> new Line(output, new Ready(), null);
            case "dispatch" -> dispatch(output, node);
            default -> new Line(output, new Unknown(node.get("type").asText()), null);
        };
    }

    private static Line dispatch(String output, JsonNode node) {
        JsonNode trigger = node.path("trigger");
        JsonNode payload = node.path("payload");
        if (!trigger.isTextual() || trigger.asText().isBlank()) {
            return new Line(output, null, "dispatch without a trigger reference");
        }
        if (!payload.isMissingNode() && !payload.isNull() && !payload.isObject()) {
            return new Line(output, null, "dispatch payload of " + trigger.asText() + " is not an object");
        }
        String traceTag =
                node.path("trace_tag").isTextual() ? node.get("trace_tag").asText() : "";
        return new Line(output, new Dispatch(trigger.asText(), Json.objectOrEmpty(payload), traceTag), null);
    }

    /** The first line the wrapper reads: the pack configuration (on stdin, never on the command line). */
    static String init(ObjectNode config) {
        return init(config, Duration.ZERO);
    }

    /**
     * The first message, with the pack config and, when {@code orphanTimeout} is positive, {@code
     * orphan_timeout} (seconds): the wrapper stops the sensor when no line came from the container for that
     * long, and ends the process at most as long again after.
     */
    static String init(ObjectNode config, Duration orphanTimeout) {
        ObjectNode m = Json.object().put("type", "init");
        m.set("config", config);
        if (orphanTimeout.isPositive()) {
            m.put("orphan_timeout", orphanTimeout.toMillis() / 1000.0);
        }
        return Json.write(m) + "\n";
    }

    /** Sent by the container while it holds the sensor's lock, so that the sensor knows it is not orphaned. */
    static final String KEEPALIVE = "{\"type\": \"keepalive\"}\n";

    /** {@code add_trigger}, {@code update_trigger} or {@code remove_trigger} with StackStorm's trigger dict. */
    static String trigger(String kind, JsonNode trigger) {
        ObjectNode m = Json.object().put("type", kind);
        m.set("trigger", trigger);
        return Json.write(m) + "\n";
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
