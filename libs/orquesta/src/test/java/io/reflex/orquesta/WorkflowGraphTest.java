package io.reflex.orquesta;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.orquesta.WorkflowGraph.GraphTransition;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkflowGraphTest {
    @Test
    void startTasksAreTheTasksNothingLeadsTo() {
        WorkflowGraph g = Fixtures.graph(Fixtures.resource("valid/retry.yaml"));

        assertThat(g.starts()).containsExactly("prepare");
        assertThat(g.tasks().keySet()).containsExactly("prepare", "check", "create", "remove");
    }

    @Test
    void outboundTransitionsKeepTheOrderWrittenWithConditionsAndRefs() {
        WorkflowGraph g = Fixtures.graph(Fixtures.resource("valid/error-handling.yaml"));

        assertThat(g.outbound("run"))
                .containsExactly(
                        new GraphTransition("run", "cleanup", Optional.of("<% succeeded() %>"), 0, Optional.empty()),
                        new GraphTransition(
                                "run",
                                "noop",
                                Optional.of("<% failed() and result().return_code = 2 %>"),
                                1,
                                Optional.of(EngineCommand.NOOP)),
                        new GraphTransition(
                                "run",
                                "continue",
                                Optional.of("<% failed() and result().return_code = 3 %>"),
                                2,
                                Optional.of(EngineCommand.CONTINUE)),
                        new GraphTransition(
                                "run", "fail", Optional.of("<% failed() %>"), 3, Optional.of(EngineCommand.FAIL)));
        assertThat(g.outbound("cleanup"))
                .containsExactly(new GraphTransition(
                        "cleanup", "continue", Optional.empty(), 0, Optional.of(EngineCommand.CONTINUE)));
        assertThat(g.inboundCount("cleanup")).isEqualTo(1);
        assertThat(g.inbound("fail")).isEmpty();
    }

    @Test
    void joinsCountTheirInboundTransitions() {
        WorkflowGraph all = Fixtures.graph(Fixtures.resource("valid/join-all.yaml"));
        WorkflowGraph two = Fixtures.graph(Fixtures.resource("valid/join-count.yaml"));

        assertThat(all.barrier("meet")).contains(Join.ALL);
        assertThat(all.inbound("meet")).extracting(GraphTransition::from).containsExactly("left", "middle", "right");
        assertThat(all.required("meet")).isEqualTo(3);
        assertThat(two.barrier("first_two")).contains(Join.of(2));
        assertThat(two.inboundCount("first_two")).isEqualTo(3);
        assertThat(two.required("first_two")).isEqualTo(2);
        assertThat(two.required("a")).isEqualTo(1);
        assertThat(two.barrier("a")).isEmpty();
    }

    @Test
    void aTaskReachedTwiceWithoutAJoinIsASplitForTheTasksBelowIt() {
        WorkflowGraph g = Fixtures.graph("""
                version: 1.0
                tasks:
                  t1:
                    next:
                      - do: t2, t3
                  t2:
                    next:
                      - do: t4
                  t3:
                    next:
                      - do: t4
                  t4:
                    next:
                      - do: t5
                  t5:
                    action: core.noop
                """);

        assertThat(g.task("t4").orElseThrow().splits()).containsExactly("t4");
        assertThat(g.task("t5").orElseThrow().splits()).containsExactly("t4");
        assertThat(g.task("t2").orElseThrow().splits()).isEmpty();
    }

    @Test
    void retryCommandBecomesTheTasksRetryPolicy() {
        WorkflowGraph g = Fixtures.graph(Fixtures.resource("valid/retry.yaml"));

        RetrySpec own = g.task("check").orElseThrow().retry().orElseThrow();
        assertThat(own.when()).contains("<% failed() %>");
        assertThat(own.count().intValue()).isEqualTo(5);
        RetrySpec fromDo = g.task("create").orElseThrow().retry().orElseThrow();
        assertThat(fromDo.when()).contains("<% failed() %>");
        assertThat(fromDo.count().intValue()).isEqualTo(3);
        assertThat(g.outbound("create")).isEmpty();
    }

    @Test
    void loopsAreFollowedOnceAndKeepTheirBackEdge() {
        WorkflowGraph g = Fixtures.graph(Fixtures.resource("valid/loop-with-entry.yaml"));

        assertThat(g.starts()).containsExactly("lead");
        assertThat(g.outbound("body")).extracting(GraphTransition::to).containsExactly("body", "finish");
        assertThat(g.inbound("body")).extracting(GraphTransition::from).containsExactly("lead", "body");
        assertThat(g.task("body").orElseThrow().splits()).isEmpty();
    }

    @Test
    void withItemsAreReadWithTheirVariablesAndExpression() {
        TaskSpec probe = Fixtures.read(Fixtures.resource("valid/with-items-zip.yaml"))
                .task("probe")
                .orElseThrow();

        WithItems with = probe.with().orElseThrow();
        assertThat(with.variables()).containsExactly("host", "port");
        assertThat(with.expression()).isEqualTo("<% zip(ctx(hosts), ctx(ports)) %>");
        assertThat(with.concurrency()).isEmpty();
        assertThat(List.of(probe.action().orElseThrow())).containsExactly("core.local");
    }
}
