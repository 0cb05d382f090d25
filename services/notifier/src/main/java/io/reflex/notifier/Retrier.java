package io.reflex.notifier;

import io.reflex.core.execution.Execution;
import io.reflex.core.model.Action;
import io.reflex.core.model.Policy;
import io.reflex.core.store.ContentQueries;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.Sort;
import io.reflex.core.store.StateStore;
import io.reflex.executions.ExecutionLauncher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the enabled {@code action.retry} policies of a completed execution's action (StackStorm's
 * post-run policies; not to workflow tasks): each decided retry is launched with the same action and
 * parameters, the original's user, context (plus {@code policies.retry}) and rule/trigger snapshots. The
 * retry's id is derived, so a second application finds the stored retry instead of creating another.
 * Blocks on the store and the bus.
 */
final class Retrier {
    private static final Logger log = LoggerFactory.getLogger(Retrier.class);
    private static final String SYSTEM_USER = "stanley";

    private final StateStore store;
    private final ExecutionLauncher launcher;

    Retrier(StateStore store, ExecutionLauncher launcher) {
        this.store = store;
        this.launcher = launcher;
    }

    /**
     * @return the retries stored for {@code e} (new or found again); empty when no policy applies
     * @throws io.reflex.core.store.StoreException when the store cannot be reached (the caller retries)
     */
    List<Execution> apply(Execution e) {
        if (!RetryPolicy.retriable(e.status()) || RetryPolicy.underWorkflow(e)) {
            return List.of();
        }
        List<Policy> policies = store.store(Kinds.POLICY)
                .find(Query.of(Filter.and(
                                Filter.eq("resource_ref", e.actionRef()),
                                Filter.eq("policy_type", RetryPolicy.TYPE),
                                Filter.eq("enabled", true)))
                        .sorted(Sort.by("pack", "name")));
        List<Execution> retries = new ArrayList<>();
        for (Policy policy : policies) {
            RetryPolicy.decide(policy, e).flatMap(plan -> launch(e, plan)).ifPresent(retries::add);
        }
        return retries;
    }

    private Optional<Execution> launch(Execution e, RetryPolicy.Plan plan) {
        Optional<Action> action = store.store(Kinds.ACTION).findOne(ContentQueries.byRef(e.actionRef()));
        if (action.isEmpty()) {
            log.warn("retry skipped, action gone execution={} action={}", e.id(), e.actionRef());
            return Optional.empty();
        }
        String id = RetryPolicy.retryId(e, plan);
        String user = e.context().user();
        try {
            var launch = new ExecutionLauncher.Launch(
                    id,
                    launcher.resolver().resolve(action.get()),
                    e.parameters().deepCopy(),
                    user == null ? SYSTEM_USER : user,
                    RetryPolicy.context(e, plan),
                    null,
                    plan.delayMs(),
                    e.cause());
            Execution retry = launcher.launch(launch);
            log.info(
                    "execution retried execution={} retry={} policy={} retry_count={} delay_ms={}",
                    e.id(),
                    retry.id(),
                    plan.policyRef(),
                    plan.retryCount(),
                    plan.delayMs());
            return Optional.of(retry);
        } catch (ExecutionLauncher.Refused refused) {
            log.warn("retry refused execution={} policy={} reason={}", e.id(), plan.policyRef(), refused.getMessage());
            return Optional.empty();
        }
    }
}
