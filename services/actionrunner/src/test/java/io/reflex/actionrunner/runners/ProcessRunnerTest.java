package io.reflex.actionrunner.runners;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.execution.ExecutionStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ProcessRunnerTest {
    static ProcessRunner.Spec bash(String script, Duration timeout) {
        return new ProcessRunner.Spec(List.of("bash", "-c", script), null, Map.of("GREETING", "hi"), timeout, null);
    }

    @Test
    void linesArriveWhileTheProcessRunsAndResultsFollowStackStormsShape() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        ProcessRunner.Outcome o = ProcessRunner.run(
                bash("echo $GREETING; echo oops >&2; echo '{\"a\": 1}'", Duration.ofSeconds(10)),
                (stream, line) -> seen.add(stream + ":" + line),
                () -> false);
        assertThat(seen).contains("stdout:hi\n", "stderr:oops\n");
        Runner.Result r = LocalShellRunner.result(o, 10);
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.result().get("return_code").asInt()).isZero();
        assertThat(r.result().get("stdout").asText()).isEqualTo("hi\n{\"a\": 1}");
        assertThat(r.result().get("stderr").asText()).isEqualTo("oops");
    }

    @Test
    void jsonOutputIsDecoded() throws Exception {
        Runner.Result r = LocalShellRunner.result(
                ProcessRunner.run(bash("echo '{\"a\": [1, 2]}'", Duration.ofSeconds(10)), (s, l) -> {}, () -> false),
                10);
        assertThat(r.result().get("stdout").get("a").get(1).asInt()).isEqualTo(2);
        assertThat(LocalShellRunner.decoded("5\n").isNumber()).isTrue();
        assertThat(LocalShellRunner.decoded("5 6\n").asText()).isEqualTo("5 6");
    }

    @Test
    void failureExitCodesFail() throws Exception {
        Runner.Result r = LocalShellRunner.result(
                ProcessRunner.run(bash("exit 3", Duration.ofSeconds(10)), (s, l) -> {}, () -> false), 10);
        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.result().get("failed").asBoolean()).isTrue();
        assertThat(r.result().get("return_code").asInt()).isEqualTo(3);
    }

    @Test
    void aTimeoutKillsTheWholeProcessTree() throws Exception {
        ProcessRunner.Outcome o = ProcessRunner.run(
                bash("sleep 300 & sleep 301 & echo started; wait", Duration.ofSeconds(1)), (s, l) -> {}, () -> false);
        Runner.Result r = LocalShellRunner.result(o, 1);
        assertThat(r.status()).isEqualTo(ExecutionStatus.TIMEOUT);
        assertThat(r.result().get("return_code").asInt()).isEqualTo(-9);
        assertThat(r.result().get("error").asText()).isEqualTo("Action failed to complete in 1 seconds");
        // this test's own sleeps (their environment has GREETING=hi): others may run on a shared machine
        assertThat(ProcessHandle.allProcesses()
                        .filter(h -> h.info().commandLine().orElse("").matches(".*sleep 30[01].*"))
                        .filter(h -> environment(h.pid()).contains("GREETING=hi")))
                .isEmpty();
    }

    private static String environment(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "environ"), StandardCharsets.ISO_8859_1)
                    .replace('\0', '\n');
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    @Test
    void cancelKillsTheProcess() throws Exception {
        AtomicBoolean cancel = new AtomicBoolean();
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException ignored) {
                return;
            }
            cancel.set(true);
        });
        ProcessRunner.Outcome o =
                ProcessRunner.run(bash("sleep 302", Duration.ofSeconds(60)), (s, l) -> {}, cancel::get);
        assertThat(o.canceled()).isTrue();
        assertThat(LocalShellRunner.result(o, 60).status()).isEqualTo(ExecutionStatus.CANCELED);
    }
}
