package io.reflex.actionrunner.runners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.testing.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Design rule 13 at the process level: an action's whole tree dies with the JVM that started it. */
class SupervisorTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aSigkilledRunnerTakesItsWholeActionTreeAlong() throws Exception {
        Path pids = dir.resolve("pids");
        ServiceProcess runner = child(
                "sleep 311 & a=$!; sleep 312 & b=$!; (sleep 313; true) & c=$!; echo $$ $a $b $c > " + pids + ".tmp; mv "
                        + pids + ".tmp " + pids + "; echo started; wait",
                List.of());
        runner.awaitLine(Pattern.compile("stdout: started"), PATIENCE);
        List<Long> tree = pidsIn(pids);
        assertThat(tree).hasSize(4).allMatch(pid -> ProcessHandle.of(pid).isPresent());

        runner.kill();

        await("the action's tree is gone")
                .atMost(Duration.ofSeconds(10))
                .until(() ->
                        tree.stream().noneMatch(pid -> ProcessHandle.of(pid).isPresent()));
    }

    @Test
    void aFrozenRunnerLosesItsActionWhenTheKillByMomentPasses() throws Exception {
        Path pids = dir.resolve("pids");
        ServiceProcess runner =
                child("echo $$ > " + pids + ".tmp; mv " + pids + ".tmp " + pids + "; exec sleep 314", List.of("3000"));
        await().atMost(PATIENCE).until(() -> Files.exists(pids));
        long action = pidsIn(pids).get(0);
        runner.freeze();
        try {
            await("the action is killed at the deadline although its runner is alive")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> ProcessHandle.of(action).isEmpty());
            assertThat(runner.alive()).isTrue();
        } finally {
            runner.thaw();
        }
        runner.awaitLine(Pattern.compile("outcome 137 reflex supervisor: killed the action.*"), PATIENCE);
        runner.awaitExit(PATIENCE);
    }

    @Test
    void anActionWhoseSupervisorAloneWasSigkilledIsEndedByTheRunner() throws Exception {
        Path pids = dir.resolve("pids");
        CompletableFuture<ProcessRunner.Outcome> run = CompletableFuture.supplyAsync(() -> {
            try {
                return ProcessRunner.run(
                        new ProcessRunner.Spec(
                                List.of(
                                        "bash",
                                        "-c",
                                        "echo $$ > " + pids + ".tmp; mv " + pids + ".tmp " + pids + "; sleep 317"),
                                null,
                                Map.of(),
                                Duration.ofMinutes(5),
                                null),
                        (s, l) -> {},
                        () -> false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        long action = pidsIn(pids).get(0);
        ProcessHandle supervisor =
                ProcessHandle.of(action).flatMap(ProcessHandle::parent).orElseThrow();
        assertThat(supervisor.info().command().orElse("")).contains("perl");

        supervisor.destroyForcibly();

        assertThat(run.get(60, TimeUnit.SECONDS).exitCode()).isEqualTo(ProcessRunner.SIGKILLED);
        await("the orphaned action is gone")
                .atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(action).isEmpty());
    }

    @Test
    void theActionGetsItsInputAndItsOwnExitStatus() throws Exception {
        ProcessRunner.Outcome read = ProcessRunner.run(
                new ProcessRunner.Spec(
                        List.of("bash", "-c", "read -r line; echo \"got $line\"; cat; exit 4"),
                        null,
                        Map.of(),
                        Duration.ofSeconds(30),
                        "first\nsecond\n"),
                (s, l) -> {},
                () -> false);
        assertThat(read.stdout()).isEqualTo("got first\nsecond\n");
        assertThat(read.exitCode()).isEqualTo(4);

        ProcessRunner.Outcome signaled = ProcessRunner.run(
                new ProcessRunner.Spec(
                        List.of("bash", "-c", "kill -TERM $$"), null, Map.of(), Duration.ofSeconds(30), null),
                (s, l) -> {},
                () -> false);
        assertThat(signaled.exitCode())
                .as("128 + SIGTERM, as for a direct child")
                .isEqualTo(143);
    }

    @Test
    void aDeadlineThatKeepsMovingLetsTheActionFinish() throws Exception {
        Instant[] killBy = {Instant.now().plusMillis(3000)};
        ProcessRunner.Outcome o = ProcessRunner.run(
                new ProcessRunner.Spec(
                        List.of("bash", "-c", "sleep 4; echo done"),
                        null,
                        Map.of(),
                        Duration.ofSeconds(30),
                        null,
                        new Supervision(null, () -> {
                            if (Duration.between(Instant.now(), killBy[0]).toMillis() < 2000) {
                                killBy[0] = Instant.now().plusMillis(3000);
                            }
                            return killBy[0];
                        })),
                (s, l) -> {},
                () -> false);
        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.stdout()).isEqualTo("done\n");
    }

    @Test
    void theSupervisorLeadsTheActionsSessionByTheSystemCallOrElseByPosix() throws Exception {
        assertThat(Supervision.setsidSyscall("amd64")).isEqualTo("112");
        assertThat(Supervision.setsidSyscall("sparc")).isEqualTo("-");
        for (String setsid : List.of(Supervision.SETSID, "-")) {
            List<String> cmd = new ArrayList<>(Supervision.command(
                    List.of(
                            "bash",
                            "-c",
                            "read -r pid comm state ppid pgrp session rest < /proc/$$/stat; echo $session"),
                    0,
                    null));
            cmd.set(cmd.indexOf(Supervision.SETSID), setsid);
            Process p = new ProcessBuilder(cmd).start();
            String session = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.getOutputStream().close();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("setsid %s", setsid).isZero();
            assertThat(session).as("setsid %s", setsid).isEqualTo(Long.toString(p.pid()));
        }
    }

    @Test
    void anInputLargerThanAPipeReachesTheActionWhole() throws Exception {
        String input = "x".repeat(300_000) + "\n";
        ProcessRunner.Outcome o = ProcessRunner.run(
                new ProcessRunner.Spec(List.of("wc", "-c"), null, Map.of(), Duration.ofSeconds(30), input),
                (s, l) -> {},
                () -> false);
        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.stdout().trim()).isEqualTo("300001");
    }

    private static ServiceProcess child(String script, List<String> more) throws Exception {
        List<String> args = new ArrayList<>(List.of(script));
        args.addAll(more);
        return ServiceProcess.start(
                "runner", SupervisedChild.class.getName(), ServiceProcess.defaultJvmOptions(), args, Map.of());
    }

    private static List<Long> pidsIn(Path file) throws Exception {
        await().atMost(PATIENCE).until(() -> Files.exists(file));
        String[] words = Files.readString(file).trim().split("\\s+");
        return Arrays.stream(words).map(Long::parseLong).toList();
    }
}
