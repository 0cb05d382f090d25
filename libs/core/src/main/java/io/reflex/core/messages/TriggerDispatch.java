package io.reflex.core.messages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import java.time.Instant;
import java.util.Objects;

/**
 * A trigger fired (webhook, sensor, timer, internal event): the rules engine persists it as a trigger
 * instance with exactly this id, so a redelivered or re-sent dispatch creates nothing new.
 * {@code trigger} is a trigger ref or a trigger type ref. Version 1.
 */
public record TriggerDispatch(
        String triggerInstanceId, String trigger, ObjectNode payload, Instant occurrenceTime, String traceTag) {
    public TriggerDispatch {
        Objects.requireNonNull(triggerInstanceId, "trigger_instance_id");
        Objects.requireNonNull(trigger, "trigger");
        payload = Json.objectOrEmpty(payload);
        occurrenceTime = Timestamps.stored(Objects.requireNonNull(occurrenceTime, "occurrence_time"));
        traceTag = traceTag == null ? "" : traceTag;
    }
}
