package io.reflex.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.core.model.Action;
import io.reflex.core.model.Rule;
import io.reflex.core.model.TriggerType;
import io.reflex.core.store.Ids;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Single documents (API bodies) get the checks pack files get, with the field named in every error. */
class ItemDocumentsTest {
    private static ObjectNode doc(String json) {
        return (ObjectNode) Json.read(json, com.fasterxml.jackson.databind.JsonNode.class);
    }

    private static String messages(ContentException e) {
        return e.errors().stream().map(ContentError::message).toList().toString();
    }

    @Test
    void aValidActionGetsTheIdRegistrationWouldGiveIt() {
        Action a =
                ItemDocuments.action(doc("{\"name\": \"a\", \"pack\": \"p\", \"runner_type\": \"local-shell-cmd\"}"));
        assertThat(a.id()).isEqualTo(Ids.derived("ACTION", "p", "a"));
        assertThat(a.enabled()).isTrue();
        assertThat(a.metadataFile()).isEmpty();
    }

    @Test
    void actionErrorsNameTheFieldAndAllAreReported() {
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(
                ContentException.class,
                () -> ItemDocuments.action(
                        doc("{\"name\": \"a\", \"pack\": \"p\", \"runner_type\": \"local-shell-cmd\","
                                + " \"parameters\": {\"x\": {\"type\": \"strng\"}, \"bad-name\": {}}}")));
        assertThat(messages(e)).contains("parameter 'bad-name'").contains("parameter 'x': unknown type 'strng'");
        assertThatThrownBy(() -> ItemDocuments.action(doc("{\"name\": \"a\", \"pack\": \"p\", \"runner_type\":"
                        + " \"local-shell-cmd\", \"parameters\": {\"cmd\": {\"type\": \"integer\"}}}")))
                .hasMessageContaining("parameter 'cmd': cannot override 'type'");
        assertThatThrownBy(() -> ItemDocuments.action(doc("{\"name\": \"a\", \"runner_type\": \"noop\"}")))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining("missing required field 'pack'");
    }

    @Test
    void entryPointsAreNotRequiredToExistButMayNotLeaveThePack() {
        assertThat(ItemDocuments.action(doc("{\"name\": \"a\", \"pack\": \"p\", \"runner_type\": \"python-script\","
                                + " \"entry_point\": \"nowhere.py\"}"))
                        .entryPoint())
                .isEqualTo("nowhere.py");
        assertThatThrownBy(() -> ItemDocuments.action(doc("{\"name\": \"a\", \"pack\": \"p\", \"runner_type\":"
                        + " \"python-script\", \"entry_point\": \"../../x.py\"}")))
                .hasMessageContaining("points outside the pack");
    }

    @Test
    void rulesAreCheckedAgainstTheirActionAndTriggerType() {
        ObjectNode params = doc("{\"type\": \"object\", \"properties\": {\"url\": {\"type\": \"string\"}},"
                + " \"required\": [\"url\"], \"additionalProperties\": false}");
        TriggerType webhook = new TriggerType("t", "st2.webhook", "core", "", null, params, null, "");
        String rule =
                "{\"name\": \"r\", \"pack\": \"p\", \"trigger\": {\"type\": \"core.st2.webhook\", \"parameters\": %s},"
                        + " \"action\": {\"ref\": \"core.local\"}}";
        Rule r = ItemDocuments.rule(doc(rule.formatted("{\"url\": \"x\"}")), ref -> true, ref -> Optional.of(webhook));
        assertThat(r.enabled()).as("API rules default to disabled").isFalse();
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(
                ContentException.class,
                () -> ItemDocuments.rule(
                        doc(rule.formatted("{\"uri\": 1}")), ref -> false, ref -> Optional.of(webhook)));
        assertThat(messages(e))
                .contains("field 'action.ref': action 'core.local' does not exist")
                .contains("unknown parameter 'uri'")
                .contains("missing required parameter 'url'");
    }

    @Test
    void configsGetDefaultsAndTypeChecks() {
        ObjectNode schema = doc("{\"region\": {\"type\": \"string\", \"default\": \"us-east-1\"},"
                + " \"key\": {\"type\": \"string\", \"required\": true}}");
        assertThat(ItemDocuments.config(schema, doc("{\"key\": \"k\"}"))
                        .get("region")
                        .asText())
                .isEqualTo("us-east-1");
        assertThatThrownBy(() -> ItemDocuments.config(schema, doc("{\"region\": 5}")))
                .hasMessageContaining("missing required config key 'key'");
    }

    @Test
    void yamlIsWrittenInBlockStyle() {
        assertThat(ItemDocuments.toYaml(doc("{\"a\": {\"b\": [1, 2]}}"))).isEqualTo("a:\n  b:\n  - 1\n  - 2\n");
    }
}
