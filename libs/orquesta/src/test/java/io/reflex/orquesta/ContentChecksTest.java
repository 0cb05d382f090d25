package io.reflex.orquesta;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContentChecksTest {
    private static final String THREE_TASKS = """
            version: 1.0
            tasks:
              a:
                action: core.noop
                next:
                  - do: b
              b:
                action: core.noop
                input:
                  nope: 1
                next:
                  - do: c
              c:
                action: core.missing
            """;

    @Test
    void eachActionIsLookedUpOnceAndEveryTaskIsStillChecked() {
        List<String> asked = new ArrayList<>();
        ActionCatalog catalog = ref -> {
            asked.add(ref);
            return ref.equals("core.noop")
                    ? Optional.of(Map.<String, JsonNode>of("timeout", JsonNodeFactory.instance.objectNode()))
                    : Optional.empty();
        };

        Inspection inspection =
                Fixtures.WORKFLOWS.inspect(Fixtures.yaml(THREE_TASKS), Workflows.STACKSTORM_CONTEXT, catalog);

        assertThat(asked).containsExactly("core.noop", "core.missing");
        assertThat(inspection.errors())
                .extracting(InspectionError::message)
                .anySatisfy(m -> assertThat(m).contains("nope"))
                .anySatisfy(m -> assertThat(m).contains("\"core.missing\" is not registered"));
    }
}
