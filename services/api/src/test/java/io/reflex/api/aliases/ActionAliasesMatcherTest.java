package io.reflex.api.aliases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.reflex.api.content.ContentApiTestServers;
import io.reflex.core.json.Json;
import io.reflex.core.model.ActionAlias;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Matching commands to aliases and help strings, StackStorm's rules, without a server. */
class ActionAliasesMatcherTest {
    private static ActionAlias alias(String pack, String name, boolean enabled, String formatsJson) {
        ArrayNode formats = (ArrayNode) Json.read(formatsJson, com.fasterxml.jackson.databind.JsonNode.class);
        return new ActionAlias(
                "id-" + name, name, pack, "about " + name, enabled, "core.local", formats, null, null, null, null, "");
    }

    private static final ActionAlias DEPLOY = alias("ops", "deploy", true, "[\"deploy {{app}} to {{env=staging}}\"]");
    private static final ActionAlias GREET = alias(
            "examples",
            "greet",
            true,
            "[{\"display\": \"greet <name>\", \"representation\": [\"greet {{name}} please\", \"hi {{name}}\"]}]");
    private static final ActionAlias FIXES = alias(
            "jira",
            "fixes",
            true,
            "[{\"display\": \"fixes <key>\", \"match_multiple\": true,"
                    + " \"representation\": [\"(?:\\\\b|^)fixes (?P<key>[A-Z]+-[0-9]+)(?:\\\\b|$)\"]}]");
    private static final ActionAlias OFF = alias("ops", "off", false, "[\"deploy {{app}} to {{env}}\"]");

    @Test
    void theSingleMatchingRepresentationIsFound() {
        var m = ActionAliasesMatcher.matchOne("hi Ada", List.of(DEPLOY, GREET, OFF));
        assertThat(m.alias()).isEqualTo(GREET);
        assertThat(m.display()).isEqualTo("greet <name>");
        assertThat(m.representation()).isEqualTo("hi {{name}}");
        assertThat(ActionAliasesMatcher.matchOne("deploy shop to prod", List.of(DEPLOY, GREET, OFF))
                        .alias())
                .as("the disabled alias with the same format does not count")
                .isEqualTo(DEPLOY);
    }

    @Test
    void noneOrSeveralMatchesAreErrorsWithStackStormsMessages() {
        assertThatThrownBy(() -> ActionAliasesMatcher.matchOne("nothing here", List.of(DEPLOY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Command 'nothing here' matched no patterns");
        ActionAlias twin = alias("ops", "twin", true, "[\"deploy {{what}} to {{where}}\"]");
        assertThatThrownBy(() -> ActionAliasesMatcher.matchOne("deploy a to b", List.of(DEPLOY, twin)))
                .hasMessage("Command 'deploy a to b' matched more than 1 pattern");
    }

    @Test
    void matchMultipleFormatsAreTriedOnlyWhenNoOrdinaryFormatMatches() {
        var m = ActionAliasesMatcher.matchOne("X-1 fixes AB-12", List.of(DEPLOY, FIXES));
        assertThat(m.alias()).isEqualTo(FIXES);
        assertThat(m.matchMultiple()).isTrue();
        assertThat(AliasFormats.extractAll(m.representation(), "fixes AB-1 and fixes CD-2"))
                .extracting(p -> p.get("key").asText())
                .containsExactly("AB-1", "CD-2");
    }

    @Test
    void formatStringsAreEveryRepresentationOrThePlainFormat() {
        assertThat(ActionAliasesMatcher.formatStrings(GREET)).containsExactly("greet {{name}} please", "hi {{name}}");
        assertThat(ActionAliasesMatcher.formatStrings(DEPLOY)).containsExactly("deploy {{app}} to {{env=staging}}");
    }

    @Test
    void helpFiltersByRegexAndPackAndPagesButCountsEverything() {
        var all = List.of(DEPLOY, GREET, FIXES, OFF);
        var h = ActionAliasesMatcher.help(all, "", null, 0, 0);
        assertThat(h.get("available").asInt()).isEqualTo(3);
        assertThat(ContentApiTestServers.texts(h.get("helpstrings"), "display"))
                .containsExactly("deploy {{app}} to {{env=staging}}", "greet <name>", "fixes <key>");
        assertThat(ActionAliasesMatcher.help(all, "GREET|fix", null, 0, 0)
                        .get("available")
                        .asInt())
                .isEqualTo(2);
        assertThat(ActionAliasesMatcher.help(all, "", "jira", 0, 0)
                        .get("available")
                        .asInt())
                .isEqualTo(1);
        var page = ActionAliasesMatcher.help(all, "", null, 1, 1);
        assertThat(page.get("available").asInt()).isEqualTo(3);
        assertThat(ContentApiTestServers.texts(page.get("helpstrings"), "display"))
                .containsExactly("greet <name>");
        assertThatThrownBy(() -> ActionAliasesMatcher.help(all, "(", null, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
