package io.reflex.workflowengine.conductor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import org.junit.jupiter.api.Test;

/** The data functions workflows use, in both YAQL and Jinja: json(), yaml(), zip(), item() and StackStorm's. */
class DataFunctionsTest {
    private static JsonNode json(String s) {
        return Json.read(s.replace('\'', '"'), JsonNode.class);
    }

    /** JSON as text: a number is the same whichever node type holds it. */
    private static String text(JsonNode v) {
        return Json.write(v);
    }

    private static JsonNode input(String expressions) {
        Sim sim = Sim.of("""
                version: 1.0
                vars:
                  - doc: "a: 1\\nb: [x, y]\\n"
                  - text: '{"k": [1, 2]}'
                tasks:
                  t:
                    action: core.echo
                    input:
                %s
                """.formatted(expressions.indent(6)));
        assertThat(sim.status()).as(sim.state.errors().toString()).isEqualTo(ExecutionStatus.RUNNING);
        return sim.launch("t").input();
    }

    @Test
    void yamlAndJsonParseTextInBothLanguagesAndLeaveOtherValuesAlone() {
        JsonNode in = input("""
                y1: <% yaml(ctx(doc)) %>
                y2: "{{ yaml(ctx('doc')) }}"
                j1: <% json(ctx(text)).k %>
                j2: "{{ json(ctx('text')).k }}"
                same: <% yaml(ctx(text)) %>
                list: <% yaml(list(1, 2)) %>
                from: <% from_yaml_string('[1, two]') %>
                """);
        assertThat(text(in.get("y1"))).isEqualTo(text(json("{'a': 1, 'b': ['x', 'y']}")));
        assertThat(text(in.get("y2"))).isEqualTo(text(in.get("y1")));
        assertThat(text(in.get("j1"))).isEqualTo(text(json("[1, 2]")));
        assertThat(text(in.get("j2"))).isEqualTo(text(json("[1, 2]")));
        // JSON is YAML
        assertThat(text(in.get("same"))).isEqualTo(text(json("{'k': [1, 2]}")));
        assertThat(text(in.get("list"))).isEqualTo(text(json("[1, 2]")));
        assertThat(text(in.get("from"))).isEqualTo(text(json("[1, 'two']")));
    }

    @Test
    void stackStormsStringFunctionsWriteAsItsFiltersDo() {
        JsonNode in = input("""
                compact: <% to_json_string(dict(b => 1, a => list(1, 2))) %>
                sorted: <% to_json_string(dict(b => 1, a => 2), null, true) %>
                yamled: <% to_yaml_string(dict(b => 1, a => list(x))) %>
                escaped: <% json_escape('a "b" c') %>
                zipped: <% zip(list(1, 2, 3), list(a, b), pad => 0) %>
                zipped_jinja: "{{ zip([1, 2], ['a', 'b']) }}"
                """);
        assertThat(in.get("compact").asText()).isEqualTo("{\"b\": 1,\"a\": [1,2]}");
        assertThat(in.get("sorted").asText()).isEqualTo("{\"a\": 2,\"b\": 1}");
        assertThat(in.get("yamled").asText()).isEqualTo("a:\n- x\nb: 1\n");
        assertThat(in.get("escaped").asText()).isEqualTo("a \\\"b\\\" c");
        assertThat(text(in.get("zipped"))).isEqualTo(text(json("[[1, 'a'], [2, 'b'], [3, 0]]")));
        assertThat(text(in.get("zipped_jinja"))).isEqualTo(text(json("[[1, 'a'], [2, 'b']]")));
    }

    @Test
    void badYamlFailsTheWorkflowWithAValueError() {
        Sim sim = Sim.of("""
                version: 1.0
                tasks:
                  t:
                    action: core.echo
                    input:
                      v: "<% yaml('a: [1, 2') %>"
                """);
        assertThat(sim.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(sim.state.errors().get(0).message()).contains("ValueError").contains("not YAML");
    }

    @Test
    void itemReadsTheCurrentItemAndItsKeysInBothLanguages() {
        Sim sim = Sim.of("""
                version: 1.0
                tasks:
                  t:
                    with: x, y in <% zip(list(1, 2), list(a, b)) %>
                    action: core.echo
                    input:
                      yaql: <% item(x) %>
                      jinja: "{{ item('y') }}"
                      whole: <% item() %>
                """);
        assertThat(sim.launches()).hasSize(2);
        assertThat(text(sim.launches().get(1).input()))
                .isEqualTo(text(json("{'yaql': 2, 'jinja': 'b', 'whole': {'x': 2, 'y': 'b'}}")));
    }
}
