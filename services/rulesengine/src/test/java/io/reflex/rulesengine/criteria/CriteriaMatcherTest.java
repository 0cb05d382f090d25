package io.reflex.rulesengine.criteria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.templates.Datastore;
import io.reflex.templates.Templates;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CriteriaMatcherTest {
    static final Datastore KV = new Datastore() {
        @Override
        public Optional<String> get(String scope, String name) {
            return Optional.ofNullable(Map.of("st2kv.system:env", "prod").get(scope + ":" + name));
        }

        @Override
        public String decrypt(String ciphertext) {
            return ciphertext;
        }
    };

    final CriteriaMatcher matcher = new CriteriaMatcher(new Templates(KV), KV);

    static JsonNode json(String text) {
        return Json.read(text.replace('\'', '"'), JsonNode.class);
    }

    static final JsonNode PAYLOAD = json("{'body': {'name': 'st2', 'count': 5, 'ratio': 0.5, 'tags': ['a', 'prod'],"
            + " 'env': 'prod', 'msg': 'Hello World', 'headers': {'X-Event': 'push'}, 'none': null,"
            + " 'items': [{'state': 'ok', 'n': 1}, {'state': 'bad', 'n': 2}], 'path': 'logs/app.log'}}");

    private boolean match(String criteria) {
        return matcher.matches(json(criteria), PAYLOAD);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "trigger.body.name | equals | 'st2' | true",
                "trigger.body.name | eq | 'st3' | false",
                "trigger.body.count | equals | 5 | true",
                "trigger.body.count | equals | 5.0 | true",
                "trigger.body.count | equals | '5' | false",
                "trigger.body.name | nequals | 'x' | true",
                "trigger.body.name | iequals | 'ST2' | true",
                "trigger.body.msg | contains | 'World' | true",
                "trigger.body.tags | contains | 'prod' | true",
                "trigger.body.msg | ncontains | 'World' | false",
                "trigger.body.msg | icontains | 'world' | true",
                "trigger.body.msg | incontains | 'WORLD' | false",
                "trigger.body.msg | startswith | 'Hello' | true",
                "trigger.body.msg | istartswith | 'hello' | true",
                "trigger.body.msg | endswith | 'World' | true",
                "trigger.body.msg | iendswith | 'world' | true",
                "trigger.body.count | lessthan | 6 | true",
                "trigger.body.count | lt | 5 | false",
                "trigger.body.ratio | greaterthan | 0.25 | true",
                "trigger.body.path | matchwildcard | 'logs/*.log' | true",
                "trigger.body.path | matchwildcard | '*.txt' | false",
                "trigger.body.msg | matchregex | 'Hel+o' | true",
                "trigger.body.msg | matchregex | 'World' | false",
                "trigger.body.msg | regex | 'W.rld' | true",
                "trigger.body.msg | iregex | 'world$' | true",
                "trigger.body.name | exists | '' | true",
                "trigger.body.nothing | exists | '' | false",
                "trigger.body.none | nexists | '' | true",
                "trigger.body.env | inside | ['dev', 'prod'] | true",
                "trigger.body.env | in | 'production' | true",
                "trigger.body.env | ninside | ['dev'] | true",
                "trigger.body.env | nin | ['prod'] | false",
                "trigger.body.headers.X-Event | equals | 'push' | true",
                "trigger.body.items[1].state | equals | 'bad' | true",
                "trigger.body.env | equals | '{{ st2kv.system.env }}' | true",
                "trigger.body.tags | equals | '{{ trigger.body.tags }}' | true",
                "trigger.body.count | equals | null | false",
            })
    void operatorsBehaveLikeStackStorms(String key, String op, String pattern, boolean expected) {
        String criteria = "{'" + key + "': {'type': '" + op + "', 'pattern': " + pattern + "}}";
        assertThat(match(criteria)).isEqualTo(expected);
    }

    @Test
    void everyCriterionMustMatchAndHashSuffixesAllowRepeats() {
        assertThat(
                        match(
                                "{'trigger.body.count#1': {'type': 'gt', 'pattern': 1}, 'trigger.body.count#2': {'type': 'lt', 'pattern': 9}}"))
                .isTrue();
        assertThat(
                        match(
                                "{'trigger.body.count#1': {'type': 'gt', 'pattern': 1}, 'trigger.body.count#2': {'type': 'lt', 'pattern': 3}}"))
                .isFalse();
    }

    @Test
    void criteriaWithoutTypeNeverMatchAndEmptyPayloadsNeverMatchCriteria() {
        assertThat(match("{'trigger.body.name': {'pattern': 'st2'}}")).isFalse();
        assertThat(matcher.matches(json("{'trigger.x': {'type': 'exists'}}"), json("{}")))
                .isFalse();
        assertThat(matcher.matches(json("{}"), json("{}"))).isTrue();
    }

    @Test
    void searchAppliesItemCriteriaWithEachCondition() {
        String subs = "{'item.state': {'type': 'equals', 'pattern': 'ok'}, 'item.n': {'type': 'equals', 'pattern': 1}}";
        assertThat(match("{'trigger.body.items': {'type': 'search', 'condition': 'any', 'pattern': " + subs + "}}"))
                .isTrue();
        assertThat(match("{'trigger.body.items': {'type': 'search', 'condition': 'all', 'pattern': " + subs + "}}"))
                .isFalse();
        String either =
                "{'item.state': {'type': 'equals', 'pattern': 'ok'}, 'item.n': {'type': 'equals', 'pattern': 2}}";
        assertThat(match("{'trigger.body.items': {'type': 'search', 'condition': 'all2any', 'pattern': " + either
                        + "}}"))
                .isTrue();
        assertThat(match("{'trigger.body.items': {'type': 'search', 'condition': 'any2any', 'pattern': " + either
                        + "}}"))
                .isTrue();
        assertThatThrownBy(() -> match(
                        "{'trigger.body.items': {'type': 'search', 'condition': 'some', 'pattern': " + subs + "}}"))
                .isInstanceOf(CriteriaException.class)
                .hasMessageContaining("unknown search condition 'some'");
    }

    @Test
    void typeErrorsAndUnknownOperatorsAreErrors() {
        assertThatThrownBy(() -> match("{'trigger.body.name': {'type': 'lt', 'pattern': 5}}"))
                .isInstanceOf(CriteriaException.class)
                .hasMessageContaining("cannot compare str with int");
        assertThatThrownBy(() -> match("{'trigger.body.name': {'type': 'sortof', 'pattern': 5}}"))
                .hasMessage("Invalid operator: sortof");
    }

    @Test
    void timeDifferencesUseTheValueAsATimestamp() {
        JsonNode recent = json("{'at': '" + Timestamps.format(Instant.now().minusSeconds(10)) + "'}");
        assertThat(matcher.matches(json("{'trigger.at': {'type': 'td_lt', 'pattern': 60}}"), recent))
                .isTrue();
        assertThat(matcher.matches(json("{'trigger.at': {'type': 'timediff_gt', 'pattern': 60}}"), recent))
                .isFalse();
    }
}
