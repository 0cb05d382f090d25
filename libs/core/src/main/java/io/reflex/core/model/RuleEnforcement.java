package io.reflex.core.model;

import com.fasterxml.jackson.annotation.JsonValue;
import io.reflex.core.json.Timestamps;
import io.reflex.core.store.Entity;
import java.time.Instant;
import java.util.Objects;

/**
 * The record that a rule matched a trigger instance. Unique on (rule id, trigger instance id); it names
 * the execution it creates before that execution exists, so a redelivered trigger instance finds both.
 */
public record RuleEnforcement(
        String id,
        String triggerInstanceId,
        String executionId,
        String failureReason,
        RuleRef rule,
        Instant enforcedAt,
        Status status)
        implements Entity {
    public record RuleRef(String ref, String id, String uid) {
        public RuleRef {
            Defaults.required("rule.ref", ref);
            Defaults.required("rule.id", id);
            uid = Defaults.text(uid);
        }
    }

    public enum Status {
        SUCCEEDED("succeeded"),
        FAILED("failed");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        @JsonValue
        public String wire() {
            return wire;
        }
    }

    public RuleEnforcement {
        Objects.requireNonNull(id, "id");
        Defaults.required("trigger_instance_id", triggerInstanceId);
        Objects.requireNonNull(rule, "rule");
        enforcedAt = Timestamps.stored(Objects.requireNonNull(enforcedAt, "enforced_at"));
        status = status == null ? Status.SUCCEEDED : status;
    }
}
