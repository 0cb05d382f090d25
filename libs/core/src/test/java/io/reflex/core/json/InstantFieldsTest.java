package io.reflex.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.execution.Execution;
import io.reflex.core.model.Action;
import io.reflex.core.model.KeyValuePair;
import io.reflex.core.model.RuleEnforcement;
import org.junit.jupiter.api.Test;

/** The paths MongoStore stores as BSON dates; the walk itself lives in core. */
class InstantFieldsTest {
    @Test
    void instantFieldsAreFoundThroughNestedRecordsAndListsUnderTheirJsonNames() {
        assertThat(InstantFields.of(Execution.class))
                .containsExactlyInAnyOrder(
                        "start_timestamp", "end_timestamp", "log.timestamp", "lease.expires_at", "outbox.at");
        assertThat(InstantFields.of(KeyValuePair.class)).containsExactly("expire_timestamp");
        assertThat(InstantFields.of(RuleEnforcement.class)).containsExactly("enforced_at");
        assertThat(InstantFields.of(Action.class)).isEmpty();
    }
}
