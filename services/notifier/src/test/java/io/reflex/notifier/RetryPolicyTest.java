package io.reflex.notifier;

import static io.reflex.core.execution.ExecutionStatus.ABANDONED;
import static io.reflex.core.execution.ExecutionStatus.CANCELED;
import static io.reflex.core.execution.ExecutionStatus.FAILED;
import static io.reflex.core.execution.ExecutionStatus.SUCCEEDED;
import static io.reflex.core.execution.ExecutionStatus.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.model.Policy;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static Policy policy(String parameters, boolean enabled) {
        return new Policy(
                "p1",
                "retry_deploy",
                "examples",
                "",
                enabled,
                "examples.deploy",
                "action.retry",
                NotifierFixture.json(parameters),
                "");
    }

    private static Policy policy(String parameters) {
        return policy(parameters, true);
    }

    private static Execution ended(ExecutionStatus status, String context) {
        return Executions.completed(status, "{}", context, "{}");
    }

    private static Optional<RetryPolicy.Plan> decide(String parameters, ExecutionStatus status, String context) {
        return RetryPolicy.decide(policy(parameters), ended(status, context));
    }

    @Test
    void retriesTheOutcomeNamedByRetryOn() {
        assertThat(decide("{'retry_on': 'failure'}", FAILED, "{}"))
                .contains(new RetryPolicy.Plan("examples.retry_deploy", 1, null));
        assertThat(decide("{'retry_on': 'timeout'}", TIMEOUT, "{}")).isPresent();
        assertThat(decide("{'retry_on': 'failure'}", TIMEOUT, "{}")).isEmpty();
        assertThat(decide("{'retry_on': 'timeout'}", FAILED, "{}")).isEmpty();
    }

    @Test
    void abandonedIsRetriedOnlyWhenAskedForAsTheReflexExtension() {
        assertThat(decide("{'retry_on': 'abandoned'}", ABANDONED, "{}")).isPresent();
        assertThat(decide("{'retry_on': 'failure'}", ABANDONED, "{}")).isEmpty();
    }

    @Test
    void policiesAreReadOnlyForTheEndsARetryOnCanName() {
        for (ExecutionStatus status : ExecutionStatus.values()) {
            if (!status.completed()) {
                assertThat(RetryPolicy.retriable(status)).as(status.name()).isFalse();
                continue;
            }
            boolean someRetryOnRetriesIt = false;
            for (String on : new String[] {"failure", "timeout", "abandoned"}) {
                someRetryOnRetriesIt |=
                        decide("{'retry_on': '" + on + "'}", status, "{}").isPresent();
            }
            assertThat(RetryPolicy.retriable(status)).as(status.name()).isEqualTo(someRetryOnRetriesIt);
        }
    }

    @Test
    void successAndCancelAreNeverRetried() {
        for (String on : new String[] {"failure", "timeout", "abandoned"}) {
            assertThat(decide("{'retry_on': '" + on + "'}", SUCCEEDED, "{}")).isEmpty();
            assertThat(decide("{'retry_on': '" + on + "'}", CANCELED, "{}")).isEmpty();
        }
    }

    @Test
    void retryCountGrowsUntilMaxRetryCount() {
        String twice = "{'retry_on': 'failure', 'max_retry_count': 2}";
        assertThat(decide(twice, FAILED, "{'policies': {'retry': {'retry_count': 1}}}"))
                .map(RetryPolicy.Plan::retryCount)
                .contains(2);
        assertThat(decide(twice, FAILED, "{'policies': {'retry': {'retry_count': 2}}}"))
                .isEmpty();
    }

    @Test
    void maxRetryCountDefaultsToTwo() {
        assertThat(decide("{'retry_on': 'failure'}", FAILED, "{'policies': {'retry': {'retry_count': 1}}}"))
                .isPresent();
        assertThat(decide("{'retry_on': 'failure'}", FAILED, "{'policies': {'retry': {'retry_count': 2}}}"))
                .isEmpty();
    }

    @Test
    void delayIsGivenInSecondsAndLaunchedInMilliseconds() {
        assertThat(decide("{'retry_on': 'failure', 'delay': 1.5}", FAILED, "{}"))
                .map(RetryPolicy.Plan::delayMs)
                .contains(1500);
        assertThat(decide("{'retry_on': 'failure', 'delay': 0}", FAILED, "{}")
                        .orElseThrow()
                        .delayMs())
                .isNull();
    }

    @Test
    void disabledPoliciesDoNothing() {
        assertThat(RetryPolicy.decide(policy("{'retry_on': 'failure'}", false), ended(FAILED, "{}")))
                .isEmpty();
    }

    @Test
    void workflowTasksAreRecognisedByParentOrOrquestaContext() {
        assertThat(RetryPolicy.underWorkflow(ended(FAILED, "{'parent': {'execution_id': 'abc'}}")))
                .isTrue();
        assertThat(RetryPolicy.underWorkflow(ended(FAILED, "{'orquesta': {'task_id': 't'}}")))
                .isTrue();
        assertThat(RetryPolicy.underWorkflow(ended(FAILED, "{'user': 'alice'}")))
                .isFalse();
    }

    @Test
    void retryContextKeepsTheOriginalAndReplacesPolicies() {
        Execution e = ended(
                FAILED,
                "{'user': 'alice', 'rule': {'id': 'r1'}, 'policies': {'other': 1," + " 'retry': {'retry_count': 1}}}");

        var context = RetryPolicy.context(e, new RetryPolicy.Plan("examples.retry_deploy", 2, null));

        assertThat(context.json())
                .isEqualTo(NotifierFixture.json("{'user': 'alice', 'rule': {'id': 'r1'}, 'policies': {'retry':"
                        + " {'applied_policy': 'examples.retry_deploy', 'retry_count': 2,"
                        + " 'retried_liveaction_id': '" + e.id() + "'}}}"));
    }

    @Test
    void retryIdsAreDerivedFromTheExecutionAndCount() {
        Execution e = ended(FAILED, "{}");
        var first = new RetryPolicy.Plan("p", 1, null);

        assertThat(RetryPolicy.retryId(e, first))
                .isEqualTo(RetryPolicy.retryId(e, new RetryPolicy.Plan("other", 1, 500)))
                .isNotEqualTo(RetryPolicy.retryId(e, new RetryPolicy.Plan("p", 2, null)));
    }
}
