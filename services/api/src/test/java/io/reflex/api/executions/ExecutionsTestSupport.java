package io.reflex.api.executions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.store.StateStore;
import io.reflex.testing.JsonHttp;
import java.util.ArrayList;
import java.util.List;

/** What the execution API tests do to stored records and responses. */
public final class ExecutionsTestSupport {
    private ExecutionsTestSupport() {}

    /**
     * Moves a stored execution through scheduled and running to {@code status} (with {@code result} when it
     * completes), as a runner would.
     */
    public static Execution advance(StateStore store, String id, ExecutionStatus status, String result) {
        var executions = store.executions();
        Execution e = executions.get(id).orElseThrow();
        for (ExecutionStatus next : List.of(ExecutionStatus.SCHEDULED, ExecutionStatus.RUNNING, status)) {
            if (e.status() == status) {
                break;
            }
            Execution n = e.transitionTo(next, Timestamps.now());
            if (next == status && result != null) {
                n = io.reflex.executions.ExecutionWriter.oneStep(e, n.withResult(Json.read(result, ObjectNode.class)));
            }
            assertThat(executions.compareAndSet(e, n)).isTrue();
            e = n;
        }
        return e;
    }

    /** The ids of a list response, in order. */
    public static List<String> ids(JsonHttp.Response r) {
        List<String> out = new ArrayList<>();
        r.json().forEach(e -> out.add(e.get("id").asText()));
        return out;
    }
}
