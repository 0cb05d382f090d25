package io.reflex.orquesta;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkflowSpecTest {
    @Test
    void readsInputsVarsOutputsAndTasksInOrder() {
        WorkflowSpec spec = Fixtures.read(Fixtures.resource("valid/sequential.yaml"));

        assertThat(spec.version()).contains("1.0");
        assertThat(spec.description()).contains("Three tasks in a row, each publishing for the next.");
        assertThat(spec.input()).extracting(WorkflowInput::name).containsExactly("who");
        assertThat(spec.input().get(0).defaultValue()).isEmpty();
        assertThat(spec.vars()).extracting(Assignment::name).containsExactly("note");
        assertThat(spec.tasks().keySet()).containsExactly("hello", "again", "last");
        assertThat(spec.output()).extracting(a -> a.value().asText()).containsExactly("<% ctx().note %>");
    }

    @Test
    void inlineActionParametersBecomeTheInput() {
        TaskSpec run = Fixtures.read("""
                tasks:
                  run:
                    action: core.local cmd="echo hi" timeout=30 sudo=true ratio=0.5 list=[1, 2] expr=<% ctx(x) %>
                """).task("run").orElseThrow();

        assertThat(run.action()).contains("core.local");
        assertThat(run.input().orElseThrow().toString())
                .isEqualTo("{\"cmd\":\"echo hi\",\"timeout\":30,\"sudo\":true,\"ratio\":0.5,\"list\":[1,2],"
                        + "\"expr\":\"<% ctx(x) %>\"}");
    }

    @Test
    void transitionShorthandsAreExpanded() {
        TaskSpec t = Fixtures.read("""
                tasks:
                  t:
                    next:
                      - publish: a=1 b="two" c=<% result() %>
                        do: x, y
                      - when: <% failed() %>
                      - do: [z]
                """).task("t").orElseThrow();

        Transition first = t.next().get(0);
        assertThat(first.publish()).extracting(Assignment::name).containsExactly("a", "b", "c");
        assertThat(first.publish())
                .extracting(a -> a.value().toString())
                .containsExactly("1", "\"two\"", "\"<% result() %>\"");
        assertThat(first.targets()).containsExactly("x", "y");
        assertThat(t.next().get(1).targets()).containsExactly("continue");
        assertThat(t.next().get(1).when()).contains("<% failed() %>");
        assertThat(t.next().get(2).targets()).containsExactly("z");
        assertThat(t.targets()).containsExactly("x", "y", "continue", "z");
    }

    @Test
    void joinsRetriesAndDelaysAreRead() {
        TaskSpec t = Fixtures.read("""
                tasks:
                  t:
                    join: 2
                    delay: <% ctx(d) %>
                    retry:
                      count: 3
                      delay: 10
                """).task("t").orElseThrow();

        assertThat(t.join()).contains(Join.of(2));
        assertThat(t.delay().orElseThrow().asText()).isEqualTo("<% ctx(d) %>");
        assertThat(t.retry().orElseThrow().count().intValue()).isEqualTo(3);
        assertThat(t.retry().orElseThrow().when()).isEmpty();
        assertThat(EngineCommand.reserved("retry")).isTrue();
        assertThat(EngineCommand.reserved("task1")).isFalse();
    }
}
