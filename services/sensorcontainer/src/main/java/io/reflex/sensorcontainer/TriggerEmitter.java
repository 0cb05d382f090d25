package io.reflex.sensorcontainer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.bus.BusException;
import io.reflex.core.bus.EventBus;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.core.model.Trigger;
import io.reflex.core.model.TriggerType;
import io.reflex.core.store.ContentQueries;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.executions.ParameterValidation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what sensors fire as {@link TriggerDispatch}es with a fresh trigger instance id on
 * {@link Channels#TRIGGER_INSTANCES}. A sensor's payload is first checked against its trigger type's
 * {@code payload_schema}, as StackStorm's sensor service does: a payload that does not fit, or a trigger
 * that does not exist, is dropped with a warning (and a warning only when validation is off). Trigger type
 * schemas are cached for a short time, so a busy sensor does not read the store per event. A publish the
 * broker did not confirm is tried again for a while; the caller (the sensor's output reader) waits, which
 * makes a sensor that dispatches during a broker outage block on its pipe instead of losing events.
 */
final class TriggerEmitter {
    static final String SPAWN_TRIGGER = "core.st2.sensor.process_spawn";
    static final String EXIT_TRIGGER = "core.st2.sensor.process_exit";
    private static final Logger log = LoggerFactory.getLogger(TriggerEmitter.class);
    private static final Duration SCHEMA_TTL = Duration.ofSeconds(2);
    private static final int PUBLISH_ATTEMPTS = 6;

    private final EventBus bus;
    private final StateStore store;
    private final Clock clock;
    private final boolean validate;
    private final Map<String, Cached> schemas = new ConcurrentHashMap<>();

    private record Cached(Optional<ObjectNode> schema, Instant readAt) {}

    TriggerEmitter(EventBus bus, StateStore store, Clock clock, boolean validate) {
        this.bus = bus;
        this.store = store;
        this.clock = clock;
        this.validate = validate;
    }

    /** What a sensor dispatched. */
    void sensorDispatch(String sensorRef, WrapperProtocol.Dispatch d) {
        Optional<String> problem = problem(d.trigger(), d.payload());
        if (problem.isPresent()) {
            log.warn(
                    "sensor dispatch {} sensor={} trigger={} payload={} error=\"{}\"",
                    validate ? "dropped (payload validation failed and validation is enabled)" : "invalid, sent anyway",
                    sensorRef,
                    d.trigger(),
                    abbreviate(ParameterValidation.PyRepr.of(d.payload())),
                    problem.get());
            if (validate) {
                return;
            }
        }
        TriggerDispatch sent = publish(d.trigger(), d.payload(), d.traceTag());
        if (sent != null) {
            log.debug(
                    "sensor dispatched sensor={} trigger={} trigger_instance={}",
                    sensorRef,
                    d.trigger(),
                    sent.triggerInstanceId());
        }
    }

    /** An internal trigger ({@code core.st2.sensor.process_spawn}/{@code _exit}); not validated. */
    void system(String trigger, ObjectNode payload) {
        publish(trigger, payload, "");
    }

    /** @return what was published, or null when the broker never confirmed it */
    private TriggerDispatch publish(String trigger, ObjectNode payload, String traceTag) {
        TriggerDispatch d = new TriggerDispatch(Ids.newId(), trigger, payload, Timestamps.now(clock), traceTag);
        long pauseMs = 250;
        for (int attempt = 1; ; attempt++) {
            try {
                bus.publish(Channels.TRIGGER_INSTANCES, d.triggerInstanceId(), d);
                return d;
            } catch (BusException e) {
                if (attempt >= PUBLISH_ATTEMPTS) {
                    log.error(
                            "trigger not dispatched trigger={} trigger_instance={} attempts={} error={}",
                            trigger,
                            d.triggerInstanceId(),
                            attempt,
                            e.toString());
                    return null;
                }
                sleep(pauseMs);
                pauseMs = Math.min(pauseMs * 2, 4_000);
            }
        }
    }

    private Optional<String> problem(String trigger, ObjectNode payload) {
        Cached c = schemas.get(trigger);
        Instant now = clock.instant();
        if (c == null || c.readAt().plus(SCHEMA_TTL).isBefore(now)) {
            c = new Cached(schemaOf(trigger), now);
            schemas.put(trigger, c);
        }
        if (c.schema().isEmpty()) {
            return Optional.of("Trigger type with reference \"" + trigger + "\" doesn't exist in the database");
        }
        ObjectNode schema = c.schema().get();
        return schema.isEmpty() ? Optional.empty() : ParameterValidation.problem(schema, payload, "payload field");
    }

    /** The payload schema of a trigger type ref, or of the type of a trigger ref. */
    private Optional<ObjectNode> schemaOf(String ref) {
        var types = store.store(Kinds.TRIGGER_TYPE);
        return types.findOne(ContentQueries.byRef(ref))
                .or(() -> store.store(Kinds.TRIGGER)
                        .findOne(ContentQueries.byRef(ref))
                        .map(Trigger::type)
                        .flatMap(type -> types.findOne(ContentQueries.byRef(type))))
                .map(TriggerType::payloadSchema);
    }

    private static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
