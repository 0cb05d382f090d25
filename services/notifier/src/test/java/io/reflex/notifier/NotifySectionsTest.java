package io.reflex.notifier;

import static io.reflex.core.execution.ExecutionStatus.ABANDONED;
import static io.reflex.core.execution.ExecutionStatus.CANCELED;
import static io.reflex.core.execution.ExecutionStatus.FAILED;
import static io.reflex.core.execution.ExecutionStatus.SUCCEEDED;
import static io.reflex.core.execution.ExecutionStatus.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.execution.ExecutionStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotifySectionsTest {
    private static final String ALL_THREE = "{'on-complete': {'routes': ['slack']}, 'on-success': {'routes': ['ok']},"
            + " 'on-failure': {'routes': ['pager']}}";

    private static List<String> names(ExecutionStatus status, String notify) {
        return NotifySections.applicable(Executions.completed(status, notify, "{}", "{}")).stream()
                .map(NotifySections.Section::name)
                .toList();
    }

    @Test
    void onCompleteAlwaysAppliesOnSuccessOnlyWhenSucceeded() {
        assertThat(names(SUCCEEDED, ALL_THREE)).containsExactly("on-complete", "on-success");
        assertThat(names(CANCELED, ALL_THREE)).containsExactly("on-complete");
    }

    @Test
    void onFailureAppliesToFailedTimeoutAndAbandoned() {
        assertThat(names(FAILED, ALL_THREE)).containsExactly("on-complete", "on-failure");
        assertThat(names(TIMEOUT, ALL_THREE)).containsExactly("on-complete", "on-failure");
        assertThat(names(ABANDONED, ALL_THREE)).containsExactly("on-complete", "on-failure");
    }

    @Test
    void sectionWithoutRoutesNotifiesNobodyAndChannelsStandInForRoutes() {
        var sections = NotifySections.applicable(Executions.completed(
                SUCCEEDED, "{'on-complete': {'message': 'x'}, 'on-success': {'channels': ['a', 'b']}}", "{}", "{}"));

        assertThat(sections).hasSize(1);
        assertThat(sections.get(0).name()).isEqualTo("on-success");
        assertThat(sections.get(0).routes()).containsExactly("a", "b");
    }

    @Test
    void defaultMessagesNameTheActionAndOutcome() {
        var complete = NotifySections.applicable(Executions.completed(FAILED, ALL_THREE, "{}", "{}"));

        assertThat(complete)
                .extracting(NotifySections.Section::message)
                .containsExactly("Action examples.deploy completed.", "Action examples.deploy failed.");
        assertThat(NotifySections.applicable(Executions.completed(SUCCEEDED, ALL_THREE, "{}", "{}"))
                        .get(1)
                        .message())
                .isEqualTo("Action examples.deploy succeeded.");
    }

    @Test
    void modelFormKeysAreReadToo() {
        assertThat(names(SUCCEEDED, "{'on_complete': {'routes': ['x'], 'message': 'done'}}"))
                .containsExactly("on-complete");
    }

    @Test
    void noNotifySectionMeansNoNotifications() {
        assertThat(names(SUCCEEDED, "{}")).isEmpty();
    }
}
