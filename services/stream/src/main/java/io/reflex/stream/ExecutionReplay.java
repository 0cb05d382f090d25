package io.reflex.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.messages.Channels.StreamEvent;
import io.reflex.core.store.StateStore;
import io.reflex.executions.ExecutionViews;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@code /stream} request naming executions ({@code execution_ids}, {@code end_execution_id}) is
 * owed from the store before it goes live, so that a client subscribing after an action started (or ended)
 * misses nothing: the output those executions stored so far that its filter accepts, in time order, and,
 * when the {@code end_execution_id} execution has completed already, the {@code end_event} it would have
 * waited for, rendered from the stored record. Each execution is read before its output, so output stored
 * before a completion is never missing. Blocks on the store.
 */
final class ExecutionReplay {
    private static final String EXECUTION = "st2.execution__";
    private static final String LIVEACTION = "st2.liveaction__";

    /** @param end the end event owed now (the execution had ended), or empty */
    record Owed(List<ObjectNode> outputs, Optional<StreamEvent> end) {}

    private final StateStore store;
    private final ExecutionViews.Options views;

    ExecutionReplay(StateStore store, ExecutionViews.Options views) {
        this.store = store;
        this.views = views;
    }

    /** Whether a request with this filter gets a replay: it names at least one execution. */
    static boolean applies(EventFilter filter) {
        return !filter.executionIds().isEmpty() || filter.endExecutionId() != null;
    }

    Owed read(EventFilter filter) {
        Set<String> ids = new LinkedHashSet<>(filter.executionIds());
        if (filter.endExecutionId() != null) {
            ids.add(filter.endExecutionId());
        }
        List<Execution> found = new ArrayList<>();
        ids.forEach(id -> store.executions().get(id).ifPresent(found::add));
        Optional<StreamEvent> end = found.stream()
                .filter(e ->
                        e.id().equals(filter.endExecutionId()) && e.status().completed())
                .findFirst()
                .flatMap(e -> endEvent(filter.endEvent(), e));
        List<ObjectNode> outputs = found.stream()
                .flatMap(e -> StoredOutput.of(store, e, null, views.maskSecrets()).stream())
                .filter(o -> filter.accepts(new StreamEvent(OutputStreamClient.OUTPUT_EVENT, o)))
                .sorted(Comparator.comparing(o -> o.path("timestamp").asText()))
                .toList();
        return new Owed(outputs, end);
    }

    /** The end event rendered as the writers render it; empty for a name that is not about executions. */
    private Optional<StreamEvent> endEvent(String name, Execution e) {
        if (name == null) {
            return Optional.empty();
        }
        if (name.startsWith(EXECUTION)) {
            return Optional.of(new StreamEvent(name, ExecutionViews.execution(e, views)));
        }
        if (name.startsWith(LIVEACTION)) {
            return Optional.of(new StreamEvent(name, ExecutionViews.liveaction(e, views.maskSecrets())));
        }
        return Optional.empty();
    }
}
