package io.reflex.workflowengine.conductor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import org.junit.jupiter.api.Test;

/**
 * StackStorm's expression functions (data, path, regex, time, version, {@code use_none}) called as functions in
 * both YAQL and Jinja, and {@code task()}'s record: each workflow's YAQL and Jinja forms must answer the same.
 */
class StackStormFunctionsTest {
    private static JsonNode json(String s) {
        return Json.read(s.replace('\'', '"'), JsonNode.class);
    }

    /** The output of a one-task workflow whose output has each expression as {@code <name>_yaql}/{@code _jinja}. */
    private static JsonNode output(String... pairs) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            String expression = pairs[i + 1];
            out.append("  - ")
                    .append(pairs[i])
                    .append("_yaql: '<% ")
                    .append(expression.replace("'", "''"))
                    .append(" %>'\n");
            out.append("  - ")
                    .append(pairs[i])
                    .append("_jinja: '{{ ")
                    .append(expression.replace("'", "''"))
                    .append(" }}'\n");
        }
        Sim sim = Sim.of("""
                version: 1.0
                vars:
                  - doc: '{"a": {"b": ["x", "y"]}}'
                  - obj: {"a": {"b": ["x", "y"]}}
                tasks:
                  t:
                    action: core.noop
                output:
                %s""".formatted(out.toString().indent(0)));
        sim.succeed("t");
        assertThat(sim.status()).as(sim.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        return sim.output();
    }

    private static void same(JsonNode out, String name, JsonNode expected) {
        assertThat(Json.write(out.get(name + "_yaql"))).as(name + " in YAQL").isEqualTo(Json.write(expected));
        assertThat(Json.write(out.get(name + "_jinja"))).as(name + " in Jinja").isEqualTo(Json.write(expected));
    }

    @Test
    void dataFunctions() {
        JsonNode out = output(
                "parsed", "from_json_string(ctx('doc')).a.b",
                "parsed_alias", "json_parse(ctx('doc'))",
                "yaml_in", "from_yaml_string('k: [1, 2]')",
                "json_out", "to_json_string(ctx('obj'))",
                "yaml_out", "to_yaml_string(ctx('obj'))",
                "yaml_alias", "yaml_dump(ctx('obj'))",
                "escaped", "json_escape('say \"hi\" now')",
                "query", "jsonpath_query(ctx('obj'), '$.a.b')",
                "query_none", "jsonpath_query(ctx('obj'), '$.nope')",
                "none", "use_none(null)",
                "not_none", "use_none('v')");
        same(out, "parsed", json("['x', 'y']"));
        same(out, "parsed_alias", json("{'a': {'b': ['x', 'y']}}"));
        same(out, "yaml_in", json("{'k': [1, 2]}"));
        same(out, "json_out", json("'{\\'a\\': {\\'b\\': [\\'x\\',\\'y\\']}}'".replace("\\'", "\\\"")));
        same(out, "yaml_out", json("'a:\\n  b:\\n  - x\\n  - y\\n'"));
        same(out, "yaml_alias", json("'a:\\n  b:\\n  - x\\n  - y\\n'"));
        same(out, "escaped", json("'say \\\\\\'hi\\\\\\' now'".replace("\\'", "\\\"")));
        same(out, "query", json("[['x', 'y']]"));
        same(out, "query_none", json("null"));
        same(out, "none", json("'%*****__%NONE%__*****%'"));
        same(out, "not_none", json("'v'"));
    }

    @Test
    void pathRegexAndTimeFunctions() {
        JsonNode out = output(
                "base", "basename('/var/log/app.log')",
                "dir", "dirname('/var/log/app.log')",
                "match", "regex_match('abc123', '[a-c]+')",
                "no_match", "regex_match('xabc', 'abc')",
                "search", "regex_search('xabc', 'b.')",
                "replace", "regex_replace('a-b-c', '-(\\\\w)', '+\\\\1')",
                "substring", "regex_substring('id=42, id=7', 'id=(\\\\d+)', 1)",
                "human", "to_human_time_from_seconds(3725)",
                "human_days", "to_human_time_from_seconds(93784)");
        same(out, "base", json("'app.log'"));
        same(out, "dir", json("'/var/log'"));
        same(out, "match", json("true"));
        same(out, "no_match", json("false"));
        same(out, "search", json("true"));
        same(out, "replace", json("'a+b+c'"));
        same(out, "substring", json("'7'"));
        same(out, "human", json("'1h2m5s'"));
        same(out, "human_days", json("'1d2h3m4s'"));
    }

    @Test
    void versionFunctions() {
        JsonNode out = output(
                "cmp_less", "version_compare('1.2.3', '1.10.0')",
                "cmp_equal", "version_compare('2.0.0', '2.0.0')",
                "cmp_more", "version_compare('2.0.1', '2.0.0')",
                "more", "version_more_than('1.10.0', '1.9.9')",
                "less", "version_less_than('1.10.0', '1.9.9')",
                "equal", "version_equal('3.1.4', '3.1.4')",
                "matches", "version_match('1.4.0', '>=1.3.0')",
                "major", "version_bump_major('1.4.2')",
                "minor", "version_bump_minor('1.4.2')",
                "patch", "version_bump_patch('1.4.2')",
                "strip", "version_strip_patch('1.4.2')");
        same(out, "cmp_less", json("-1"));
        same(out, "cmp_equal", json("0"));
        same(out, "cmp_more", json("1"));
        same(out, "more", json("true"));
        same(out, "less", json("false"));
        same(out, "equal", json("true"));
        same(out, "matches", json("true"));
        same(out, "major", json("'2.0.0'"));
        same(out, "minor", json("'1.5.0'"));
        same(out, "patch", json("'1.4.3'"));
        same(out, "strip", json("'1.4'"));
    }

    @Test
    void aBadArgumentFailsTheWorkflowWithTheFunctionNamed() {
        Sim sim = Sim.of("""
                version: 1.0
                tasks:
                  t:
                    action: core.echo message=<% version_bump_minor('not a version') %>
                """);
        assertThat(sim.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(sim.result().toString()).contains("YaqlEvaluationException").contains("not a semantic version");
    }

    @Test
    void taskAnswersOrquestasRecordWithIdRouteStatusAndResult() {
        Sim sim = Sim.of("""
                version: 1.0
                tasks:
                  first:
                    action: core.echo message=hi
                    next: [{do: second}]
                  second:
                    action: core.noop
                output:
                  - yaql: <% task(first) %>
                  - jinja: "{{ task('first') }}"
                  - keyed: <% task(task_id => first, route => 0).task_id + '@' + str(task('first').route) %>
                  - keyed_jinja: "{{ task('first', route=0).result.stdout }}"
                """);
        sim.succeed("first", json("{'stdout': 'hi'}")).succeed("second");
        assertThat(sim.status()).as(sim.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode record = sim.output().get("yaql");
        assertThat(record.get("task_id").asText()).isEqualTo("first");
        assertThat(record.get("task_name").asText()).isEqualTo("first");
        assertThat(record.get("route").asInt()).isZero();
        assertThat(record.get("status").asText()).isEqualTo("succeeded");
        assertThat(record.get("result")).isEqualTo(json("{'stdout': 'hi'}"));
        assertThat(record.get("task_execution_id").asText()).isNotEmpty();
        assertThat(record.has("workflow_execution_id")).isTrue();
        assertThat(Json.write(sim.output().get("jinja"))).isEqualTo(Json.write(record));
        assertThat(sim.output().get("keyed").asText()).isEqualTo("first@0");
        assertThat(sim.output().get("keyed_jinja").asText()).isEqualTo("hi");
    }

    @Test
    void taskOfATaskWithItemsHoldsEachItemsStatusAndResult() {
        Sim sim = Sim.of("""
                version: 1.0
                tasks:
                  each:
                    with: <% list(a, b) %>
                    action: core.echo message=<% item() %>
                output:
                  - out: <% task(each).result.items.select($.result.stdout) %>
                  - statuses: "{{ task('each').result['items'] | map(attribute='status') | list }}"
                """);
        sim.succeed("each", json("{'stdout': 'a'}")).succeed("each", json("{'stdout': 'b'}"));
        assertThat(sim.status()).as(sim.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.write(sim.output()))
                .isEqualTo(Json.write(json("{'out': ['a', 'b'], 'statuses': ['succeeded', 'succeeded']}")));
    }

    @Test
    void taskOnALaterRouteFindsTheRunOnTheRouteItSplitFrom() {
        Sim sim = Sim.of("""
                version: 1.0
                tasks:
                  start:
                    action: core.noop
                    next: [{do: [left, right]}]
                  left:
                    action: core.noop
                    next: [{do: end}]
                  right:
                    action: core.noop
                    next: [{do: end}]
                  end:
                    action: core.noop
                output:
                  - from_route_two: <% task(start, route => 2).route %>
                  - end_on_two: "{{ task('end', route=2).route }}"
                """);
        sim.succeed("start").succeed("left").succeed("right").runAll();
        assertThat(sim.status()).as(sim.result().toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.write(sim.output())).isEqualTo(Json.write(json("{'from_route_two': 0, 'end_on_two': 2}")));
    }

    @Test
    void taskOfATaskNotRunFailsAsOrquestaSays() {
        Sim sim = Sim.of("""
                version: 1.0
                tasks:
                  t:
                    action: core.echo message="{{ task('nowhere') }}"
                """);
        assertThat(sim.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(sim.result().toString()).contains("Unable to find task execution for \\\"nowhere\\\".");
    }
}
