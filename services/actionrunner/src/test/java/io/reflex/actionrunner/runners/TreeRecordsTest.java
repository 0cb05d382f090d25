package io.reflex.actionrunner.runners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runner restarting on a data directory kills the sessions its dead predecessor recorded, and only those:
 * not a live runner's, not a process that merely reuses a recorded pid.
 */
class TreeRecordsTest {
    private static final String BOOT = bootId();

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        started.forEach(p -> Supervision.killSession(p.pid(), Duration.ofSeconds(5)));
    }

    @Test
    void theSessionOfADeadRunnersActionIsKilledAndItsRecordRemoved() throws Exception {
        Process leader = session("sleep 321 & sleep 322 & wait");
        awaitMembers(leader.pid(), 3);
        Path record = record("e1", leader.pid(), ticks(leader.pid()), deadRunner());

        assertThat(Supervision.sweep(dir)).isEqualTo(1);

        assertThat(Supervision.sessionMembers(leader.pid())).isEmpty();
        assertThat(record).doesNotExist();
    }

    @Test
    void whatIsLeftOfASessionWhoseLeaderIsGoneIsKilled() throws Exception {
        Process leader = session("sleep 323 & echo started");
        long sid = leader.pid();
        assertThat(leader.waitFor()).isZero();
        awaitMembers(sid, 1);
        record("e2", sid, 12345, deadRunner());

        assertThat(Supervision.sweep(dir)).isEqualTo(1);

        assertThat(Supervision.sessionMembers(sid)).isEmpty();
    }

    @Test
    void aLiveRunnersActionIsLeftAlone() throws Exception {
        Process leader = session("sleep 324");
        awaitMembers(leader.pid(), 1);
        long self = ProcessHandle.current().pid();
        Path record = record("e3", leader.pid(), ticks(leader.pid()), new long[] {self, ticks(self)});

        assertThat(Supervision.sweep(dir)).isZero();

        assertThat(Supervision.sessionMembers(leader.pid())).hasSize(1);
        assertThat(record).exists();
    }

    @Test
    void aProcessThatReusesARecordedPidIsNotOurs() throws Exception {
        Process stranger = session("sleep 325");
        awaitMembers(stranger.pid(), 1);
        Path record = record("e4", stranger.pid(), ticks(stranger.pid()) - 1, deadRunner());

        assertThat(Supervision.sweep(dir)).isZero();

        assertThat(Supervision.sessionMembers(stranger.pid())).hasSize(1);
        assertThat(record).doesNotExist();
    }

    @Test
    void aRecordFromAnEarlierBootIsDropped() throws Exception {
        Process leader = session("sleep 326");
        awaitMembers(leader.pid(), 1);
        Path record = dir.resolve("e5.tree");
        Files.writeString(
                record, new Supervision.Entry("another-boot", leader.pid(), ticks(leader.pid()), 1, -1).format());

        assertThat(Supervision.sweep(dir)).isZero();

        assertThat(Supervision.sessionMembers(leader.pid())).hasSize(1);
        assertThat(record).doesNotExist();
    }

    @Test
    void aSupervisedRunRecordsItsSessionWhileItRunsAndRemovesTheRecordAfter() throws Exception {
        Path record = Supervision.recordFile(dir, "e6");
        Path seen = dir.resolve("seen");
        ProcessRunner.Outcome o = ProcessRunner.run(
                new ProcessRunner.Spec(
                        List.of("bash", "-c", "cat " + record + " > " + seen),
                        null,
                        java.util.Map.of(),
                        Duration.ofSeconds(30),
                        null,
                        new Supervision(record, () -> null)),
                (s, l) -> {},
                () -> false);
        assertThat(o.exitCode()).as(o.stderr()).isZero();
        Supervision.Entry entry =
                Supervision.Entry.parse(Files.readString(seen)).orElseThrow();
        assertThat(entry.bootId()).isEqualTo(BOOT);
        assertThat(entry.ownerPid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(record).doesNotExist();
    }

    /** A process leading a new session of its own (setsid does not fork: a JVM's child leads no group). */
    private Process session(String script) throws Exception {
        Process p = new ProcessBuilder("setsid", "bash", "-c", script)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        started.add(p);
        return p;
    }

    private Path record(String id, long sid, long leaderTicks, long[] owner) throws Exception {
        Path f = Supervision.recordFile(dir, id);
        Files.writeString(f, new Supervision.Entry(BOOT, sid, leaderTicks, owner[0], owner[1]).format());
        return f;
    }

    /** A runner that is gone: no process has this start time. */
    private static long[] deadRunner() {
        return new long[] {ProcessHandle.current().pid(), -1};
    }

    private static long ticks(long pid) {
        return Supervision.startTicks(pid).orElseThrow();
    }

    private static void awaitMembers(long sid, int count) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Supervision.sessionMembers(sid).size() == count);
    }

    private static String bootId() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
