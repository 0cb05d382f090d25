package io.reflex.core.model;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Timestamps;
import io.reflex.core.store.Entity;
import java.time.Instant;
import java.util.Objects;

/**
 * One occurrence of a trigger. The id is assigned by the producer (webhook, sensor, timer, notifier) so
 * that a redelivered event finds the instance that already exists.
 */
public record TriggerInstance(String id, String trigger, ObjectNode payload, Instant occurrenceTime, Status status)
        implements Entity {
    public enum Status {
        PENDING("pending"),
        PROCESSING("processing"),
        PROCESSED("processed"),
        PROCESSING_FAILED("processing_failed");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        @JsonValue
        public String wire() {
            return wire;
        }
    }

    public TriggerInstance {
        Objects.requireNonNull(id, "id");
        Defaults.required("trigger", trigger);
        payload = Defaults.object(payload);
        occurrenceTime = Timestamps.stored(Objects.requireNonNull(occurrenceTime, "occurrence_time"));
        status = status == null ? Status.PENDING : status;
    }

    public TriggerInstance withStatus(Status newStatus) {
        return new TriggerInstance(id, trigger, payload, occurrenceTime, newStatus);
    }
}
