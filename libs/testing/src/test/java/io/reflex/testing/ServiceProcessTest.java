package io.reflex.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A child JVM started, read, and stopped the ways a test stops a service. */
class ServiceProcessTest {
    /** Stands in for a service main: echoes its arguments, says where it listens, then waits to be stopped. */
    public static final class FakeService {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("args " + String.join(" ", args));
            System.err.println("fake listening on http://127.0.0.1:4321 (nothing really)");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("hook ran")));
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    private static ServiceProcess start() throws Exception {
        return ServiceProcess.start("fake", FakeService.class.getName(), List.of("-Xmx32m"), Map.of("a.b", "1"));
    }

    @Test
    void passesSetFlagsAndReadsTheUrlFromTheListeningLineOnEitherStream() throws Exception {
        try (ServiceProcess p = start()) {
            assertThat(p.url(Duration.ofSeconds(30))).isEqualTo("http://127.0.0.1:4321");
            assertThat(p.said("args --set a.b=1")).isTrue();
            assertThat(p.urlNow()).contains("http://127.0.0.1:4321");
            assertThat(p.pid()).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(p.lines()).extracting(ServiceProcess.Line::text).contains("args --set a.b=1");
        }
    }

    @Test
    void terminateRunsShutdownHooksAndReturnsTheExitCode() throws Exception {
        try (ServiceProcess p = start()) {
            p.url();
            assertThat(p.terminate(Duration.ofSeconds(30))).isEqualTo(143);
            assertThat(p.alive()).isFalse();
            assertThat(p.output()).contains("fake| hook ran");
        }
    }

    @Test
    void argumentsComeBeforeTheSetFlags() throws Exception {
        try (ServiceProcess p = ServiceProcess.start(
                "fake",
                FakeService.class.getName(),
                List.of("-Xmx32m"),
                List.of("up", "--data-dir", "d"),
                Map.of("a.b", "1"))) {
            p.awaitLine(Pattern.compile("^args "), Duration.ofSeconds(30));
            assertThat(p.lines()).extracting(ServiceProcess.Line::text).contains("args up --data-dir d --set a.b=1");
        }
    }

    @Test
    void sigtermStopsSeveralProcessesTogetherAndAwaitExitGivesEachExitCode() throws Exception {
        try (ServiceProcess a = start();
                ServiceProcess b = start()) {
            a.url();
            b.url();
            a.sigterm();
            b.sigterm();
            assertThat(a.awaitExit(Duration.ofSeconds(30))).isEqualTo(143);
            assertThat(b.awaitExit(Duration.ofSeconds(30))).isEqualTo(143);
            assertThat(a.said("hook ran") && b.said("hook ran")).isTrue();
        }
    }

    @Test
    void awaitExitFailsWithTheOutputAndKillsAProcessThatKeepsRunning() throws Exception {
        try (ServiceProcess p = start()) {
            p.url();
            assertThatThrownBy(() -> p.awaitExit(Duration.ofMillis(300)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("fake| args --set a.b=1");
            assertThat(p.alive()).isFalse();
            assertThat(p.said("hook ran")).isFalse();
        }
    }

    @Test
    void killGivesNoChanceToRunHooks() throws Exception {
        try (ServiceProcess p = start()) {
            p.url();
            p.kill();
            assertThat(p.alive()).isFalse();
            assertThat(p.said("hook ran")).isFalse();
        }
    }

    @Test
    void waitingForALineThatNeverComesFailsWithTheOutput() throws Exception {
        try (ServiceProcess p = start()) {
            // what the process printed so far is in the failure; wait until it printed something
            p.awaitLine(Pattern.compile("args --set a.b=1"), Duration.ofSeconds(30));
            assertThatThrownBy(() -> p.awaitLine(Pattern.compile("never printed"), Duration.ofMillis(300)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("never printed")
                    .hasMessageContaining("fake| args --set a.b=1");
        }
    }
}
