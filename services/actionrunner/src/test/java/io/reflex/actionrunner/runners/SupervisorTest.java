package io.reflex.actionrunner.runners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.testing.ServiceProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
            // dead, though not reaped (a zombie) until its frozen parent, the runner, runs again
            await("the action is killed at the deadline although its runner is alive")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> Supervision.startTicks(action).isEmpty());
            assertThat(runner.alive()).isTrue();
        } finally {
            runner.thaw();
        }
        runner.awaitLine(Pattern.compile("outcome 137 reflex supervisor: killed the action.*"), PATIENCE);
        runner.awaitExit(PATIENCE);
    }

    @Test
    void aSupervisorKilledAloneIsReplacedAndTheReplacementTakesTheActionAlongWithTheRunner() throws Exception {
        Path pids = dir.resolve("pids");
        ServiceProcess runner =
                child("echo $$ > " + pids + ".tmp; mv " + pids + ".tmp " + pids + "; exec sleep 317", List.of());
        long action = pidsIn(pids).get(0);
        ProcessHandle first = supervisorOf(runner, -1);

        first.destroyForcibly();
        ProcessHandle second = supervisorOf(runner, first.pid());

        assertThat(ProcessHandle.of(action)).as("the action runs on").isPresent();
        await("the replacement watches the action's session")
                .atMost(PATIENCE)
                .until(() -> second.isAlive() && ProcessHandle.of(action).isPresent());
        runner.kill();
        await("the action is gone with its runner")
                .atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(action).isEmpty());
    }

    @Test
    void anActionNotNamedYetIsFoundByItsTokenWhenItsRunnerDies() throws Exception {
        Process supervisor = supervisor();
        tell(supervisor, "expect t1 -\nexpect t2 -\n");
        Process ownSession = marked("t1", "setsid", "sleep", "318");
        Process runnersSession = marked("t2", "sleep", "319");
        Process notTold = marked("t3", "setsid", "sleep", "320");
        Process unmarked = new ProcessBuilder("setsid", "sleep", "321").start();
        try {
            supervisor.getOutputStream().close();

            assertThat(supervisor.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ownSession.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(runnersSession.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ProcessHandle.current().isAlive())
                    .as("this JVM's session was not killed")
                    .isTrue();
            assertThat(notTold.isAlive()).as("a token it was not told of").isTrue();
            assertThat(unmarked.isAlive()).as("a process without a token").isTrue();
        } finally {
            notTold.destroyForcibly();
            unmarked.destroyForcibly();
        }
    }

    @Test
    void anActionNotNamedYetIsKilledByItsTokenAtItsDeadline() throws Exception {
        Process supervisor = supervisor();
        tell(supervisor, "expect t1 300\n");
        Process action = marked("t1", "setsid", "sleep", "322");

        assertThat(action.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(new BufferedReader(new InputStreamReader(supervisor.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine())
                .isEqualTo("killed t1");
        supervisor.getOutputStream().close();
        assertThat(supervisor.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aNamedSessionWhoseLeaderIsAnotherProcessNowIsLeftAlone() throws Exception {
        Process supervisor = supervisor();
        Process action = new ProcessBuilder("setsid", "sleep", "323").start();
        try {
            long ticks = Supervision.startTicks(action.pid()).orElseThrow();
            tell(
                    supervisor,
                    "expect a -\nwatch a " + action.pid() + " " + (ticks + 1) + "\ndeadline a 0\n"
                            + "expect b -\nwatch b 999999999 1\ndeadline b 0\n");
            // whether it meets the deadlines or its stdin's end first, neither session is its to kill
            supervisor.getOutputStream().close();
            assertThat(supervisor.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(supervisor.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                    .as("nothing reported killed")
                    .isEmpty();
            assertThat(action.isAlive()).isTrue();
        } finally {
            action.destroyForcibly();
        }
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
    void theSupervisorAndEachActionLeadSessionsOfTheirOwn() throws Exception {
        Process supervisor = supervisor();
        await("the supervisor leads its session")
                .atMost(PATIENCE)
                .until(() -> session(supervisor.pid()) == supervisor.pid());
        supervisor.getOutputStream().close();
        assertThat(supervisor.waitFor(30, TimeUnit.SECONDS)).isTrue();
        ProcessRunner.Outcome o = ProcessRunner.run(
                new ProcessRunner.Spec(
                        List.of(
                                "bash",
                                "-c",
                                "read -r pid comm state ppid pgrp session rest < /proc/$$/stat;"
                                        + " echo $pid $session"),
                        null,
                        Map.of(),
                        Duration.ofSeconds(30),
                        null),
                (s, l) -> {},
                () -> false);
        String[] ids = o.stdout().trim().split(" ");
        assertThat(ids[1]).as("the action leads its session").isEqualTo(ids[0]);
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

    /** A supervisor started as the runner starts it, stdin open. */
    private static Process supervisor() throws Exception {
        return new ProcessBuilder("perl", "-e", Supervisor.scriptText())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static void tell(Process supervisor, String lines) throws IOException {
        supervisor.getOutputStream().write(lines.getBytes(StandardCharsets.US_ASCII));
        supervisor.getOutputStream().flush();
    }

    private static Process marked(String token, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put(Supervisor.MARKER, token);
        return pb.start();
    }

    /** The supervisor among the runner's children, once there is one other than {@code not}. */
    private static ProcessHandle supervisorOf(ServiceProcess runner, long not) {
        return await("a supervisor of the runner")
                .atMost(PATIENCE)
                .until(
                        () -> ProcessHandle.of(runner.pid())
                                .orElseThrow()
                                .children()
                                .filter(h -> h.pid() != not)
                                .filter(h -> h.info().command().orElse("").contains("perl"))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    private static long session(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
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
