package io.reflex.actionrunner.runners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.content.YamlFile;
import org.junit.jupiter.api.Test;

class ChainSpecTest {
    private static ChainSpec parse(String yaml) throws ChainSpec.Invalid {
        return ChainSpec.parse(YamlFile.parse("chain.yaml", yaml).root());
    }

    @Test
    void theDeclaredDefaultIsTheFirstTaskAndSuccessorsAreFollowed() throws Exception {
        ChainSpec spec = parse("""
                chain:
                  - {name: a, ref: core.noop, on-success: b, on-failure: c}
                  - {name: b, ref: core.local, params: {cmd: x}}
                  - {name: c, ref: core.local, parameters: {cmd: y}}
                default: a
                vars: {v: 1}
                """);
        ChainSpec.Task a = spec.first();
        assertThat(a.name()).isEqualTo("a");
        assertThat(spec.next(a, true).name()).isEqualTo("b");
        assertThat(spec.next(a, false).params().path("cmd").asText())
                .as("'parameters' works too")
                .isEqualTo("y");
        assertThat(spec.next(spec.task("b"), true)).isNull();
        assertThat(spec.vars().path("v").asInt()).isEqualTo(1);
    }

    @Test
    void withoutADefaultTheFirstTaskNothingPointsToStarts() throws Exception {
        ChainSpec spec = parse("""
                chain:
                  - {name: b, ref: core.noop}
                  - {name: a, ref: core.noop, on-success: b}
                """);
        assertThat(spec.first().name()).isEqualTo("a");
    }

    @Test
    void anEmptyChainHasNoFirstTask() throws Exception {
        assertThat(parse("chain: []").first()).isNull();
    }

    @Test
    void unknownSuccessorsAndDefaultsAreRefusedWithStackStormsMessage() {
        assertThatThrownBy(() -> parse("""
                        chain:
                          - {name: a, ref: core.noop, on-success: nowhere}
                        """))
                .isInstanceOf(ChainSpec.Invalid.class)
                .hasMessage("Unable to find node with name \"nowhere\" referenced in \"on-success\" in task \"a\".");
        assertThatThrownBy(() -> parse("""
                        chain:
                          - {name: a, ref: core.noop}
                        default: b
                        """))
                .hasMessage("Unable to find node with name \"b\" referenced in \"default\".");
        assertThatThrownBy(() -> parse("vars: {}")).hasMessageContaining("'chain' is a required property");
        assertThatThrownBy(() -> parse("chain: [{name: a}]")).hasMessageContaining("'ref'");
    }

    @Test
    void successorsThatAreTemplatesAreNotCheckedBeforeRunning() throws Exception {
        ChainSpec spec = parse("""
                chain:
                  - {name: a, ref: core.noop, on-success: "{{ next }}"}
                """);
        assertThat(spec.first().onSuccess()).isEqualTo("{{ next }}");
    }
}
