package io.reflex.rabbitmq;

import com.rabbitmq.client.AMQP;
import io.reflex.core.json.Json;
import io.reflex.core.schema.SchemaVersions;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

/**
 * How Reflex messages look on the wire: a JSON body written by the shared mapper, content type
 * {@code application/json}, persistent, the producer's message id, and headers naming the Java type
 * ({@code reflex-type}) and the format version ({@code reflex-version}: 1). {@code reflex-delivery-count}
 * carries the number of the next delivery when the bus re-publishes a message to retry it, because a copy
 * starts with a fresh broker-side count. Pure functions, no I/O.
 */
final class WireFormat {
    static final String CONTENT_TYPE = "application/json";
    static final String TYPE_HEADER = "reflex-type";
    static final String VERSION_HEADER = "reflex-version";
    static final String SCHEMA_HEADER = "reflex-schema";
    static final String COUNT_HEADER = "reflex-delivery-count";
    static final String REASON_HEADER = "reflex-dead-letter-reason";
    static final String BROKER_COUNT_HEADER = "x-delivery-count";
    static final String STREAM_OFFSET_HEADER = "x-stream-offset";
    static final int VERSION = 1;
    private static final int PERSISTENT = 2;
    private static final int MAX_REASON = 500;

    private WireFormat() {}

    /** The JSON of {@code message}; a message Jackson cannot write is the caller's bug, not the broker's. */
    static byte[] encode(Object message) {
        try {
            return Json.mapper().writeValueAsBytes(message);
        } catch (Exception e) {
            throw new IllegalArgumentException("message cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** Reads a body as {@code type}; throws when it is not JSON of that shape. */
    static <T> T decode(byte[] body, Class<T> type) {
        return Json.read(body, type);
    }

    /** The properties of a new message of {@code type} whose body is at schema version {@code schema}. */
    static AMQP.BasicProperties properties(String messageId, Class<?> type, int schema) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(TYPE_HEADER, type.getSimpleName());
        headers.put(VERSION_HEADER, VERSION);
        headers.put(SCHEMA_HEADER, schema);
        return new AMQP.BasicProperties.Builder()
                .contentType(CONTENT_TYPE)
                .deliveryMode(PERSISTENT)
                .messageId(messageId)
                .timestamp(new Date())
                .headers(headers)
                .build();
    }

    /** A copy of a received message's properties for its re-publication as delivery number {@code next}. */
    static AMQP.BasicProperties forRetry(AMQP.BasicProperties received, int next) {
        Map<String, Object> headers = copyHeaders(received);
        headers.put(COUNT_HEADER, next);
        return received.builder().headers(headers).build();
    }

    /** A copy for the dead-letter queue: the count starts afresh there, and the reason is kept for people. */
    static AMQP.BasicProperties forDeadLetter(AMQP.BasicProperties received, String reason) {
        Map<String, Object> headers = copyHeaders(received);
        headers.remove(COUNT_HEADER);
        String text = reason == null ? "unknown" : reason;
        headers.put(REASON_HEADER, text.length() > MAX_REASON ? text.substring(0, MAX_REASON) : text);
        return received.builder().headers(headers).deliveryMode(PERSISTENT).build();
    }

    /**
     * The number of this delivery, starting at 1: the deliveries before this copy was published (our header)
     * plus how often the broker returned this copy ({@code x-delivery-count} on quorum queues, otherwise only
     * known to be at least once when {@code redelivered}).
     */
    static int deliveryCount(AMQP.BasicProperties props, boolean redelivered) {
        Map<String, Object> headers = props.getHeaders() == null ? Map.of() : props.getHeaders();
        int published = headers.get(COUNT_HEADER) instanceof Number n ? Math.max(1, n.intValue()) : 1;
        int returns;
        if (headers.get(BROKER_COUNT_HEADER) instanceof Number n) {
            returns = Math.max(0, n.intValue());
        } else {
            returns = redelivered ? 1 : 0;
        }
        return published + returns;
    }

    /** True when the broker counted the returns of this copy itself (quorum queues). */
    static boolean brokerCounted(AMQP.BasicProperties props) {
        return props.getHeaders() != null && props.getHeaders().get(BROKER_COUNT_HEADER) instanceof Number;
    }

    /** The schema version of a received body; a message without the header predates it and is at the first. */
    static int schemaVersion(AMQP.BasicProperties props) {
        Object schema = props.getHeaders() == null ? null : props.getHeaders().get(SCHEMA_HEADER);
        return schema instanceof Number n ? n.intValue() : SchemaVersions.INITIAL;
    }

    /** The stream offset of a message read from a stream queue, or -1 when absent. */
    static long streamOffset(AMQP.BasicProperties props) {
        Object offset = props.getHeaders() == null ? null : props.getHeaders().get(STREAM_OFFSET_HEADER);
        return offset instanceof Number n ? n.longValue() : -1;
    }

    private static Map<String, Object> copyHeaders(AMQP.BasicProperties props) {
        Map<String, Object> headers = props.getHeaders() == null ? new HashMap<>() : new HashMap<>(props.getHeaders());
        headers.remove(BROKER_COUNT_HEADER);
        return headers;
    }
}
