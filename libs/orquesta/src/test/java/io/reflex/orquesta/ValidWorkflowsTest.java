package io.reflex.orquesta;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidWorkflowsTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "sequential.yaml",
                "join-all.yaml",
                "join-count.yaml",
                "with-items.yaml",
                "with-items-zip.yaml",
                "with-items-jinja.yaml",
                "error-handling.yaml",
                "retry.yaml",
                "loop-with-entry.yaml",
                "st2-context.yaml",
                "subworkflow.yaml",
                "data-flow.yaml",
                "no-action-tasks.yaml",
                "output-on-error.yaml",
                "jinja-escapes.yaml"
            })
    void wellFormedWorkflowHasNoInspectionErrors(String name) {
        Inspection inspection = Fixtures.inspect(Fixtures.resource("valid/" + name));

        assertThat(inspection.stackstorm()).isEmpty();
        assertThat(inspection.clean()).isTrue();
    }
}
