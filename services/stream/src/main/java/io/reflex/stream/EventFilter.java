package io.reflex.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.messages.Channels.StreamEvent;
import io.reflex.core.text.Glob;
import io.reflex.web.Call;
import java.util.List;
import java.util.Set;

/**
 * Which events one {@code /stream} client receives and when its stream ends, with the semantics of
 * StackStorm's stream listener: {@code events} are fnmatch globs on the event name (default: announcements,
 * execution and liveaction events); {@code action_refs} matches an execution's {@code action.ref}, a
 * liveaction's {@code action} and an output's {@code action_ref}; {@code execution_ids} matches an
 * execution's {@code id} and an output's {@code execution_id} (other events carry neither, so a set filter
 * drops them). The stream ends with the event named exactly {@code end_event} whose body has
 * {@code id == end_execution_id} and a completed status; that event is still filtered like any other. Pure.
 */
record EventFilter(
        List<Glob> events, Set<String> actionRefs, Set<String> executionIds, String endEvent, String endExecutionId) {
    static final List<String> DEFAULT_EVENTS = List.of(
            "st2.announcement__*",
            "st2.execution__create",
            "st2.execution__update",
            "st2.execution__delete",
            "st2.liveaction__create",
            "st2.liveaction__update",
            "st2.liveaction__delete");

    private static final String EXECUTION = "st2.execution__";
    private static final String LIVEACTION = "st2.liveaction__";
    private static final String OUTPUT = "st2.execution.output__";

    EventFilter {
        events = List.copyOf(events);
        actionRefs = Set.copyOf(actionRefs);
        executionIds = Set.copyOf(executionIds);
    }

    /** The filter a request asks for; absent or empty lists mean "no filter" (events: the default list). */
    static EventFilter of(Call call) {
        List<String> names = call.queryList("events");
        return new EventFilter(
                (names.isEmpty() ? DEFAULT_EVENTS : names)
                        .stream().map(Glob::of).toList(),
                Set.copyOf(call.queryList("action_refs")),
                Set.copyOf(call.queryList("execution_ids")),
                call.query("end_event").orElse(null),
                call.query("end_execution_id").orElse(null));
    }

    boolean accepts(StreamEvent e) {
        if (events.stream().noneMatch(g -> g.matches(e.event()))) {
            return false;
        }
        if (!actionRefs.isEmpty() && !contains(actionRefs, actionRef(e))) {
            return false;
        }
        return executionIds.isEmpty() || contains(executionIds, executionId(e));
    }

    /** Whether the stream closes after this event. */
    boolean ends(StreamEvent e) {
        if (endEvent == null || !endEvent.equals(e.event()) || endExecutionId == null) {
            return false;
        }
        JsonNode data = e.data();
        return endExecutionId.equals(data.path("id").asText(null))
                && completed(data.path("status").asText(""));
    }

    /** Immutable sets throw on {@code contains(null)}; an event without the field simply does not match. */
    private static boolean contains(Set<String> set, String value) {
        return value != null && set.contains(value);
    }

    static boolean completed(String status) {
        return ExecutionStatus.COMPLETED.stream().anyMatch(s -> s.wire().equals(status));
    }

    static String actionRef(StreamEvent e) {
        String name = e.event();
        if (name.startsWith(EXECUTION)) {
            return e.data().path("action").path("ref").asText(null);
        }
        if (name.startsWith(LIVEACTION)) {
            return e.data().path("action").asText(null);
        }
        return name.startsWith(OUTPUT) ? e.data().path("action_ref").asText(null) : null;
    }

    static String executionId(StreamEvent e) {
        String name = e.event();
        if (name.startsWith(EXECUTION)) {
            return e.data().path("id").asText(null);
        }
        return name.startsWith(OUTPUT) ? e.data().path("execution_id").asText(null) : null;
    }
}
