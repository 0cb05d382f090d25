package io.reflex.executions.retention;

import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.store.Filter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Which records of each kind are past a cut-off: pure, so the rules are testable without a store. */
final class PurgeFilters {
    /**
     * StackStorm's {@code DONE_STATES}: the completed statuses purged by default. {@code abandoned} is left
     * out on purpose: those executions are kept for investigation unless purging incomplete ones too.
     */
    static final List<ExecutionStatus> DONE = List.of(
            ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED, ExecutionStatus.TIMEOUT, ExecutionStatus.CANCELED);

    private PurgeFilters() {}

    static Filter of(PurgeKind kind, Instant cutoff, Purger.Options options) {
        return switch (kind) {
            case EXECUTIONS -> executions(cutoff, options);
            case OUTPUT -> withActionRef(Filter.lt("timestamp", cutoff), "action_ref", options.actionRef());
            case TRIGGER_INSTANCES -> Filter.lt("occurrence_time", cutoff);
            case TOKENS -> Filter.lt("expiry", cutoff);
            case RULE_ENFORCEMENTS -> Filter.lt("enforced_at", cutoff);
            case KEYS -> Filter.lt("expire_timestamp", cutoff);
        };
    }

    /**
     * Completed executions that started and ended before the cut-off; with {@code purgeIncomplete}, every
     * execution that started before it whatever its status (StackStorm's {@code --purge-incomplete}).
     */
    static Filter executions(Instant cutoff, Purger.Options options) {
        List<Filter> all = new ArrayList<>();
        all.add(Filter.lt("start_timestamp", cutoff));
        if (!options.purgeIncomplete()) {
            all.add(Filter.lt("end_timestamp", cutoff));
            all.add(Filter.in("status", DONE.stream().map(ExecutionStatus::wire).toList()));
        }
        if (options.actionRef() != null) {
            all.add(Filter.eq("action.ref", options.actionRef()));
        }
        return Filter.and(all);
    }

    private static Filter withActionRef(Filter filter, String field, String actionRef) {
        return actionRef == null ? filter : Filter.and(filter, Filter.eq(field, actionRef));
    }
}
