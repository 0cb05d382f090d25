package io.reflex.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.model.ExecutionOutput;
import io.reflex.core.secrets.Masking;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.Sort;
import io.reflex.core.store.StateStore;
import io.reflex.executions.ExecutionViews;
import io.reflex.rbac.ExecutionAccess;
import java.util.List;

/**
 * The output records stored for an execution, in time order, as {@code st2.execution.output__create} bodies
 * (the events on the log carry the same bodies, and the same {@code id}, so a client can be sent each once).
 * Stored text is masked here when {@code mask} is on; live records arrive masked. Blocks on the store.
 */
final class StoredOutput {
    private StoredOutput() {}

    /** @param outputType {@code stdout}, {@code stderr}..., or null for every type */
    static List<ObjectNode> of(StateStore store, Execution execution, String outputType, boolean mask) {
        Filter filter = Filter.eq("execution_id", execution.id());
        if (outputType != null) {
            filter = Filter.and(filter, Filter.eq("output_type", outputType));
        }
        List<String> secrets = mask ? ExecutionAccess.secretValues(execution) : List.of();
        return store.store(Kinds.EXECUTION_OUTPUT).find(Query.of(filter).sorted(Sort.by("timestamp"))).stream()
                .map(o -> ExecutionViews.output(secrets.isEmpty() ? o : masked(o, secrets)))
                .toList();
    }

    private static ExecutionOutput masked(ExecutionOutput o, List<String> secrets) {
        return new ExecutionOutput(
                o.id(),
                o.executionId(),
                o.actionRef(),
                o.runnerRef(),
                o.timestamp(),
                o.outputType(),
                Masking.text(o.data(), secrets),
                o.delay());
    }
}
