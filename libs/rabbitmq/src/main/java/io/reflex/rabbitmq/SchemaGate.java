package io.reflex.rabbitmq;

import com.rabbitmq.client.AMQP;
import io.reflex.core.schema.SchemaVersions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for one work consumer, whether this process reads a message's schema version, and paces the
 * consumer when it does not. Such a message belongs to a newer process: the consumer hands it back to the
 * broker (requeued, never acked, never dead-lettered) after pausing itself, so that the broker offers it to
 * another consumer instead of straight back to this one. The pause doubles from {@code firstPause} up to
 * {@link #MAX_PAUSE} while unreadable messages keep coming and starts afresh after a readable one.
 *
 * <p>Each unreadable message is logged once per process, not on every redelivery (the last
 * {@link #REMEMBERED} message ids are remembered). Thread-safe.
 */
final class SchemaGate {
    static final Duration MAX_PAUSE = Duration.ofSeconds(30);
    private static final int REMEMBERED = 4096;
    private static final Logger log = LoggerFactory.getLogger(SchemaGate.class);

    private final String queue;
    private final Class<?> type;
    private final SchemaVersions schemas;
    private final Duration firstPause;
    private final Map<String, Boolean> logged = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };
    private int streak;

    SchemaGate(String queue, Class<?> type, SchemaVersions schemas, Duration firstPause) {
        this.queue = queue;
        this.type = type;
        this.schemas = schemas;
        this.firstPause = firstPause.isZero() ? Duration.ofMillis(100) : firstPause;
    }

    /** Whether this process reads the message; a readable one ends a streak of unreadable ones. */
    synchronized boolean reads(AMQP.BasicProperties props) {
        if (schemas.reads(type, WireFormat.schemaVersion(props))) {
            streak = 0;
            return true;
        }
        return false;
    }

    /** Records that an unreadable message is handed back, logging it the first time this process meets it. */
    synchronized void leave(AMQP.BasicProperties props) {
        String id = props.getMessageId() == null ? "" : props.getMessageId();
        if (logged.put(id, Boolean.TRUE) == null) {
            log.warn(
                    "bus message left for a newer process queue={} message_id={} type={} schema={} reads_up_to={}",
                    queue,
                    id,
                    type.getSimpleName(),
                    WireFormat.schemaVersion(props),
                    schemas.of(type));
        }
    }

    /** The next pause of the consumer; each pause in a streak is twice the one before. */
    synchronized Duration nextPause() {
        Duration pause = firstPause.multipliedBy(1L << Math.min(streak, 16));
        streak++;
        return pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause;
    }
}
