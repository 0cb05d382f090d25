package io.reflex.notifier;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionContext;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.model.Policy;
import io.reflex.core.store.Ids;
import java.util.Optional;

/**
 * StackStorm's {@code action.retry} policy as a decision: retry an execution that ended in the status named
 * by {@code retry_on} ({@code failure}, {@code timeout}, or the Reflex extension {@code abandoned}) while
 * {@code retry_count + 1 <= max_retry_count}, after {@code delay} seconds. The count travels in the retried
 * execution's {@code context.policies.retry}. The retry's id is derived from the execution and the count, so
 * deciding twice (a redelivered completion) names the same retry. Pure.
 */
final class RetryPolicy {
    static final String TYPE = "action.retry";
    static final int DEFAULT_MAX_RETRY_COUNT = 2;

    /**
     * A retry to launch.
     *
     * @param policyRef the policy applied ({@code pack.name})
     * @param retryCount the retry's number: 1 for the first retry
     * @param delayMs milliseconds before the retry is scheduled, or null for none
     */
    record Plan(String policyRef, int retryCount, Integer delayMs) {}

    private RetryPolicy() {}

    static Optional<Plan> decide(Policy policy, Execution e) {
        if (!policy.enabled() || !TYPE.equals(policy.policyType()) || !retriedOn(policy, e)) {
            return Optional.empty();
        }
        int next = retryCount(e) + 1;
        if (next > policy.parameters().path("max_retry_count").asInt(DEFAULT_MAX_RETRY_COUNT)) {
            return Optional.empty();
        }
        double delaySeconds = policy.parameters().path("delay").asDouble(0);
        Integer delayMs = delaySeconds > 0 ? (int) Math.round(delaySeconds * 1000) : null;
        return Optional.of(new Plan(policy.ref(), next, delayMs));
    }

    private static boolean retriedOn(Policy policy, Execution e) {
        return policy.parameters().path("retry_on").asText("").equals(retryOn(e.status()));
    }

    /**
     * Whether some retry policy could retry an execution that ended {@code status}: one that {@code retry_on}
     * can name. For any other end (succeeded, canceled) no policy needs to be read.
     */
    static boolean retriable(ExecutionStatus status) {
        return retryOn(status) != null;
    }

    /** The {@code retry_on} value that retries an execution ending {@code status}, or null when none does. */
    private static String retryOn(ExecutionStatus status) {
        return switch (status) {
            case FAILED -> "failure";
            case TIMEOUT -> "timeout";
            case ABANDONED -> "abandoned";
            default -> null;
        };
    }

    /** How many retries led to {@code e}: {@code context.policies.retry.retry_count}, 0 for an original. */
    static int retryCount(Execution e) {
        return e.context().retryCount();
    }

    /**
     * Whether {@code e} is a task of a workflow (its context names a parent or an orquesta task): the
     * workflow owns its tasks' outcomes, so retry policies are not applied to them.
     */
    static boolean underWorkflow(Execution e) {
        return e.context().orquesta() != null || e.context().parentExecutionId() != null;
    }

    /** The retry's context: the original's, with {@code policies} replaced as StackStorm does. */
    static ExecutionContext context(Execution e, Plan plan) {
        return e.context().withRetry(new ExecutionContext.Retry(plan.policyRef(), plan.retryCount(), e.id()));
    }

    static String retryId(Execution e, Plan plan) {
        return Ids.derived("retry", e.id(), Integer.toString(plan.retryCount()));
    }
}
