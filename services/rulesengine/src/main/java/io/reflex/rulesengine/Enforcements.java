package io.reflex.rulesengine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.execution.FailureReason;
import io.reflex.core.execution.StatusChange;
import io.reflex.core.json.Json;
import io.reflex.core.model.RuleEnforcement;
import io.reflex.core.store.DuplicateKeyException;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Store;
import java.util.Set;

/** Small rules about enforcement records and the executions that failed at enforcement. */
final class Enforcements {
    private static final Set<ExecutionStatus> BEFORE_REQUEST =
            Set.of(ExecutionStatus.REQUESTED, ExecutionStatus.DELAYED, ExecutionStatus.FAILED);

    private Enforcements() {}

    /**
     * {@code {error, traceback}}, the shape StackStorm gives an execution that failed at enforcement; both
     * are the one-line reason, since clients read this result and Java stack frames are no use to them.
     */
    static ObjectNode result(Exception e) {
        ObjectNode result = Json.object();
        result.put("error", reason(e));
        result.put("traceback", reason(e));
        return result;
    }

    /** What failed, in words, on one line. */
    static String reason(Exception e) {
        return FailureReason.of(e);
    }

    /**
     * Whether {@code e} is an execution the enforcer stored as failed: failed without ever being scheduled,
     * with an {@code {error, traceback}} result. A runner's failure always passes through scheduled/running.
     */
    static boolean failedBeforeRequest(Execution e) {
        return e.status() == ExecutionStatus.FAILED
                && e.log().stream().map(StatusChange::status).allMatch(BEFORE_REQUEST::contains)
                && e.result().has("error")
                && e.result().has("traceback");
    }

    /**
     * Stores {@code enforcement} unless it exists, and returns what is stored. The unique index on
     * (rule id, trigger instance id) may hold a record with another id (written by an older Reflex or by
     * hand): that one stands.
     */
    static RuleEnforcement insertOnce(Store<RuleEnforcement> store, RuleEnforcement enforcement) {
        try {
            return store.insertIfAbsent(enforcement);
        } catch (DuplicateKeyException e) {
            return store.findOne(Filter.and(
                            Filter.eq("rule.id", enforcement.rule().id()),
                            Filter.eq("trigger_instance_id", enforcement.triggerInstanceId())))
                    .orElseThrow(() -> e);
        }
    }
}
