package io.reflex.api.aliases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** StackStorm's alias format grammar, case by case (behaviour of {@code action_alias_utils.py}). */
class AliasFormatsTest {
    private static Map<String, String> extract(String format, String command) {
        Map<String, JsonNode> params = AliasFormats.extractOrThrow(format, command);
        Map<String, String> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, v.isNull() ? null : v.asText()));
        return out;
    }

    @Test
    void requiredParametersAreTakenBetweenTheLiteralWords() {
        assertThat(extract("run {{cmd}} on {{hosts}}", "run date on localhost"))
                .containsExactly(Map.entry("cmd", "date"), Map.entry("hosts", "localhost"));
        assertThat(extract("skip {{a}} more skip {{b}} and skip more.", "skip a1 more skip b1 and skip more."))
                .isEqualTo(Map.of("a", "a1", "b", "b1"));
    }

    @Test
    void multiWordValuesAreMatchedLazilyAgainstTheFollowingLiteral() {
        assertThat(extract("{{ captain }} is my captain", "Malcolm Reynolds is my captain weirdo=\"River Tam\""))
                .isEqualTo(Map.of("captain", "Malcolm Reynolds", "weirdo", "River Tam"));
    }

    @Test
    void quotedAndJsonValuesLoseTheirQuotesButKeepTheirText() {
        assertThat(extract("skip {{a}} more skip {{b}} and skip more.", "skip \"a1 a2\" more skip b1 and skip more."))
                .isEqualTo(Map.of("a", "a1 a2", "b", "b1"));
        assertThat(extract("skip {{a}} more skip {{b}}.", "skip {\"a\": \"b\", \"c\": \"d\"} more skip x."))
                .isEqualTo(Map.of("a", "{\"a\": \"b\", \"c\": \"d\"}", "b", "x"));
    }

    @Test
    void optionalParametersFallBackToTheirDefaults() {
        assertThat(extract("acl {{a}} {{b}} {{c}} {{d=1}}", "acl \"a1 a2\" \"b1\" \"c1\""))
                .isEqualTo(Map.of("a", "a1 a2", "b", "b1", "c", "c1", "d", "1"));
        assertThat(extract("acl {{a=test}}", "acl")).isEqualTo(Map.of("a", "test"));
        assertThat(extract("skip {{ a = value }} more", "skip more")).isEqualTo(Map.of("a", "value"));
        assertThat(extract("skip {{ a = value }} more", "skip one more")).isEqualTo(Map.of("a", "one"));
        assertThat(extract("skip {{d=test}} more skip {{e=test}}", "skip ponies more skip"))
                .isEqualTo(Map.of("d", "ponies", "e", "test"));
    }

    @Test
    void spacesInsidePlaceholdersAreIgnored() {
        assertThat(extract("s {{a}} more {{ b }} more {{ c=99 }} more {{ d = 99 }}", "s one more two more three more"))
                .isEqualTo(Map.of("a", "one", "b", "two", "c", "three", "d", "99"));
    }

    @Test
    void defaultsMayBeTemplatesQuotedStringsOrJson() {
        assertThat(extract("two by two hands of {{ color = {{ colors.default_color }} }}", "two by two hands of"))
                .isEqualTo(Map.of("color", "{{ colors.default_color }}"));
        assertThat(extract(
                        "{{ p0='http' }} g {{ p1=p }} a {{ url }} {{ p2={'a':'b'} }} {{ p3={{ e.i }} }}",
                        "g a http://google.com {{ execution.id }} p4='testing' p5={'a':'c'}"))
                .isEqualTo(Map.of(
                        "p0", "http",
                        "p1", "p",
                        "url", "http://google.com",
                        "p2", "{{ execution.id }}",
                        "p3", "{{ e.i }}",
                        "p4", "testing",
                        "p5", "{'a':'c'}"));
    }

    @Test
    void trailingKeyValuePairsBecomeExtraParameters() {
        assertThat(extract("", "a=foobar1 b=\"boobar2 3 4\" c='coobar3 4' d={\"a\": \"b\"}"))
                .isEqualTo(Map.of("a", "foobar1", "b", "boobar2 3 4", "c", "coobar3 4", "d", "{\"a\": \"b\"}"));
        assertThat(extract("foo bar", "foo bar pony1=foo pony2=bar")).isEqualTo(Map.of("pony1", "foo", "pony2", "bar"));
        assertThat(extract("testing {{ b=abc }} {{ c=xyz }}", "testing newvalue d={\"1\": \"2\"} e=\"long value\""))
                .isEqualTo(Map.of("b", "newvalue", "c", "xyz", "d", "{\"1\": \"2\"}", "e", "long value"));
    }

    @Test
    void anEmptyFormatMatchesAnEmptyCommand() {
        assertThat(extract("", "")).isEmpty();
    }

    @Test
    void aCommandThatDoesNotFitIsRefusedWithStackStormsMessage() {
        assertThat(AliasFormats.extract("foo bar ponies", "foo lulz ponies")).isEmpty();
        assertThatThrownBy(() -> AliasFormats.extractOrThrow("foo bar ponies", "foo lulz ponies"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Command \"foo lulz ponies\" doesn't match format string \"foo bar ponies\"");
        assertThat(AliasFormats.extract("skip {{d}} more skip {{e}}.", "")).isEmpty();
        assertThat(AliasFormats.extract("run {{cmd}}", "please run date")).isEmpty();
    }

    @Test
    void formatsAreRegexesAndTheirNamedGroupsAreParameters() {
        String begins = "^\\s*foo (?P<issue_key>[A-Z][A-Z0-9]+-[0-9]+)";
        assertThat(extract(begins, "foo ASDF-1234")).isEqualTo(Map.of("issue_key", "ASDF-1234"));
        assertThat(AliasFormats.extract(begins, "bar foo ASDF-1234")).isEmpty();
        String ends = "foo (?P<issue_key>[A-Z][A-Z0-9]+-[0-9]+)\\s*$";
        assertThat(extract(ends, "foo ASDF-1234")).isEqualTo(Map.of("issue_key", "ASDF-1234"));
        assertThat(AliasFormats.extract(ends, "foo ASDF-1234 bar")).isEmpty();
        assertThat(extract("deploy (?P<n>\\d+) x{2}", "deploy 42 xx")).isEqualTo(Map.of("n", "42"));
    }

    @Test
    void bracesThatAreNotQuantifiersAreLiterals() {
        assertThat(extract("set {x} to {{v}}", "set {x} to 3")).isEqualTo(Map.of("v", "3"));
    }

    @Test
    void anInvalidFormatIsAnIllegalArgument() {
        assertThatThrownBy(() -> AliasFormats.extract("run (unclosed {{cmd}}", "run x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid alias format \"run (unclosed {{cmd}}\"");
    }

    @Test
    void multipleMatchesAreAllExtractedForMatchMultipleFormats() {
        var all = AliasFormats.extractAll(
                "(?:\\b|^)fixes (?P<issue_key>[A-Z][A-Z0-9]+-[0-9]+)(?:\\b|$)",
                "JKROWLING-4 fixes JRRTOLKIEN-24 which fixes DRSEUSS-12");
        assertThat(all).extracting(m -> m.get("issue_key").asText()).containsExactly("JRRTOLKIEN-24", "DRSEUSS-12");
    }
}
