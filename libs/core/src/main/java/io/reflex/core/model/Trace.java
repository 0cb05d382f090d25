package io.reflex.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.reflex.core.json.Timestamps;
import io.reflex.core.store.Entity;
import io.reflex.core.store.Ids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What happened under one trace tag, as StackStorm's trace: the trigger instances, the rules that matched
 * them and the executions they (and those executions) started, each with the component that caused it. There
 * is one trace per tag: its id is derived from the tag, so every service adding to it finds the same record.
 * {@code revision} counts the writes, for compare-and-set updates; it is not part of the API view.
 */
public record Trace(
        String id,
        String traceTag,
        String uid,
        Instant startTimestamp,
        List<Component> triggerInstances,
        List<Component> rules,
        List<Component> actionExecutions,
        long revision)
        implements Entity {

    /** The lists of a trace. */
    public enum Part {
        TRIGGER_INSTANCE,
        RULE,
        ACTION_EXECUTION
    }

    /** What caused a component: {@code {type, id}}, or {@code {}} when it started the trace. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CausedBy(String type, String id) {
        public static final CausedBy NONE = new CausedBy(null, null);

        public CausedBy {
            if ((type == null) != (id == null)) {
                throw new IllegalArgumentException("caused_by needs both type and id, or neither");
            }
        }

        public static CausedBy of(String type, String id) {
            return new CausedBy(Defaults.required("caused_by.type", type), Defaults.required("caused_by.id", id));
        }
    }

    /** One trigger instance, rule or execution of the trace. */
    public record Component(String objectId, String ref, Instant updatedAt, CausedBy causedBy) {
        public Component {
            Defaults.required("object_id", objectId);
            ref = Defaults.text(ref);
            updatedAt = Timestamps.stored(Objects.requireNonNull(updatedAt, "updated_at"));
            causedBy = causedBy == null ? CausedBy.NONE : causedBy;
        }

        /** The same component reached again: the same object for the same cause (a redelivery). */
        boolean sameAs(Component other) {
            return objectId.equals(other.objectId) && causedBy.equals(other.causedBy);
        }
    }

    public Trace {
        Objects.requireNonNull(id, "id");
        Defaults.required("trace_tag", traceTag);
        uid = "trace:" + traceTag;
        startTimestamp = Timestamps.stored(Objects.requireNonNull(startTimestamp, "start_timestamp"));
        triggerInstances = Defaults.list(triggerInstances);
        rules = Defaults.list(rules);
        actionExecutions = Defaults.list(actionExecutions);
    }

    /** The id of the trace of {@code traceTag}: the same in every process. */
    public static String idFor(String traceTag) {
        return Ids.derived("trace", traceTag);
    }

    /** A trace with no component yet. */
    public static Trace start(String traceTag, Instant now) {
        return new Trace(idFor(traceTag), traceTag, null, now, List.of(), List.of(), List.of(), 0);
    }

    public List<Component> components(Part part) {
        return switch (part) {
            case TRIGGER_INSTANCE -> triggerInstances;
            case RULE -> rules;
            case ACTION_EXECUTION -> actionExecutions;
        };
    }

    public boolean contains(Part part, Component component) {
        return components(part).stream().anyMatch(component::sameAs);
    }

    /** This trace with {@code component} appended to {@code part} and the revision counted up. */
    public Trace with(Part part, Component component) {
        return with(part, List.of(component));
    }

    /** The trace with {@code added} appended to {@code part}, in one write (one revision). */
    public Trace with(Part part, List<Component> added) {
        List<Component> grown = new ArrayList<>(components(part));
        grown.addAll(added);
        return new Trace(
                id,
                traceTag,
                uid,
                startTimestamp,
                part == Part.TRIGGER_INSTANCE ? grown : triggerInstances,
                part == Part.RULE ? grown : rules,
                part == Part.ACTION_EXECUTION ? grown : actionExecutions,
                revision + 1);
    }
}
