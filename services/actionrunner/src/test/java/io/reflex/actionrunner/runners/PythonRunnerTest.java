package io.reflex.actionrunner.runners;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonRunnerTest {
    @TempDir
    Path pack;

    final RunnerFixtures fx = new RunnerFixtures();

    private Runner.Result run(String source, String params) throws Exception {
        Files.createDirectories(pack.resolve("actions"));
        Files.writeString(pack.resolve("actions/act.py"), source);
        PythonRunner runner =
                new PythonRunner(RunnerFixtures.WRAPPER, p -> pack.resolve("no-venv"), "http://127.0.0.1:1");
        return runner.run(fx.context(
                pack,
                "act.py",
                Json.object(),
                (com.fasterxml.jackson.databind.node.ObjectNode)
                        Json.read(params, com.fasterxml.jackson.databind.JsonNode.class),
                Json.object()));
    }

    @Test
    void aStackStormActionRunsUnchangedAndItsResultIsSeparatedFromItsOutput() throws Exception {
        Runner.Result r = run("""
                from st2common.runners.base_action import Action

                class Greet(Action):
                    def run(self, name):
                        print("about to greet")
                        self.logger.info("greeting %s", name)
                        return {"greeting": "hello " + name, "region": self.config["region"]}
                """, "{\"name\": \"Ada\"}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.result().at("/result/greeting").asText()).isEqualTo("hello Ada");
        assertThat(r.result().at("/result/region").asText()).isEqualTo("eu");
        assertThat(r.result().get("stdout").asText()).isEqualTo("about to greet\n");
        assertThat(r.result().get("stderr").asText()).contains("greeting Ada");
        assertThat(r.result().get("exit_code").asInt()).isZero();
        assertThat(fx.lines).contains("stdout:about to greet\n");
    }

    @Test
    void theLiveOutputHasTheActionsLinesButNotTheResultLines() throws Exception {
        Runner.Result r = run("""
                from st2common.runners.base_action import Action

                class A(Action):
                    def run(self):
                        print("one")
                        print("")
                        print("two, then a blank line")
                        print("")
                        return {"n": 1}
                """, "{}");
        assertThat(r.result().at("/result/n").asInt()).isEqualTo(1);
        assertThat(fx.lines.stream().filter(l -> l.startsWith("stdout:")))
                .containsExactly("stdout:one\n", "stdout:\n", "stdout:two, then a blank line\n", "stdout:\n");

        fx.lines.clear();
        run("""
                import sys
                from st2common.runners.base_action import Action

                class A(Action):
                    def run(self):
                        sys.stdout.write("no newline at the end")
                        return 1
                """, "{}");
        assertThat(fx.lines.stream().filter(l -> l.startsWith("stdout:")))
                .containsExactly("stdout:no newline at the end\n");
    }

    @Test
    void aFalseStatusTupleFailsAndANonBoolStatusIsRejected() throws Exception {
        Runner.Result failed = run("""
                from st2common.runners.base_action import Action
                class A(Action):
                    def run(self):
                        return (False, {"why": "nope"})
                """, "{}");
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.result().at("/result/why").asText()).isEqualTo("nope");

        Runner.Result invalid = run("""
                from st2common.runners.base_action import Action
                class A(Action):
                    def run(self):
                        return ("yes", 1)
                """, "{}");
        assertThat(invalid.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(invalid.result().get("exit_code").asInt()).isEqualTo(PythonRunner.INVALID_STATUS_EXIT_CODE);
    }

    @Test
    void anExceptionFailsWithItsTraceback() throws Exception {
        Runner.Result r = run("""
                from st2common.runners.base_action import Action
                class A(Action):
                    def run(self):
                        raise ValueError("broken")
                """, "{}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.result().get("stderr").asText()).contains("ValueError: broken");
    }
}
