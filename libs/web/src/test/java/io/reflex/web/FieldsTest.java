package io.reflex.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.core.json.Json;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldsTest {
    private final com.fasterxml.jackson.databind.node.ObjectNode view = Json.object()
            .put("id", "1")
            .put("name", "n")
            .set("parameters", Json.object().put("cmd", "x"));

    @Test
    void knownAttributesAndPathsUnderThemAreSelected() {
        var out = new Fields(List.of("name", "parameters.cmd", "parameters.nope"), List.of(), Set.of()).apply(view);

        assertThat(out.toString()).isEqualTo("{\"id\":\"1\",\"name\":\"n\",\"parameters\":{\"cmd\":\"x\"}}");
    }

    @Test
    void anUnknownAttributeIsRefusedAsStackStormDoes() {
        assertThatThrownBy(() -> new Fields(List.of("__class__"), List.of(), Set.of()).apply(view))
                .isInstanceOf(ApiException.class)
                .hasMessage("Invalid or unsupported include attribute specified: __class__");
        assertThatThrownBy(() -> new Fields(List.of(), List.of("__dict__.x"), Set.of()).apply(view))
                .hasMessage("Invalid or unsupported exclude attribute specified: __dict__");
    }

    @Test
    void anAttributeTheViewLeftOutButTheResourceHasIsAccepted() {
        var out = new Fields(List.of("end_timestamp"), List.of(), Set.of())
                .knowing(Set.of("end_timestamp"))
                .apply(view);

        assertThat(out.toString()).isEqualTo("{\"id\":\"1\"}");
    }

    @Test
    void limitedToChecksBeforeAnyViewExists() {
        assertThatThrownBy(() -> new Fields(List.of("nope"), List.of(), Set.of()).limitedTo(Set.of("id")))
                .hasMessage("Invalid or unsupported include attribute specified: nope");
    }
}
