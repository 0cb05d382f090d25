package io.reflex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.testing.ServiceProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's "Your first automation" block, run as written by a shell against {@code reflex up} on the
 * default ports, with a fresh {@code $HOME} and {@code reflex} on the {@code PATH}.
 */
class ReadmeWalkthroughTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final String MARKER = "<!-- first-automation -->";

    @TempDir
    Path tmp;

    @Test
    void theFirstAutomationWalkthroughRunsAsWritten() throws Exception {
        String block = walkthrough(Files.readString(REPO.resolve("README.md"), StandardCharsets.UTF_8));
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path bin = reflexOnPath(Files.createDirectories(tmp.resolve("bin")));
        List<String> jvm = new ArrayList<>(ServiceProcess.defaultJvmOptions());
        jvm.add("-Dreflex.home=" + REPO);
        try (ServiceProcess up = ServiceProcess.start(
                "reflex-readme",
                Reflex.class.getName(),
                jvm,
                List.of("up"),
                Map.of(),
                REPO,
                Map.of("HOME", home.toString()))) {
            up.awaitLine(Pattern.compile("^Try: curl "), Duration.ofSeconds(180));
            // the banner's next line leads to the walkthrough
            up.awaitLine(Pattern.compile("README\\.md, \"Your first automation\""), Duration.ofSeconds(30));

            ProcessBuilder shell = new ProcessBuilder("bash", "-e", "-c", block)
                    .directory(tmp.toFile())
                    .redirectErrorStream(true);
            shell.environment().put("HOME", home.toString());
            shell.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            Process p = shell.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).as(out).contains("succeeded").contains("Hello, Ada!");
            // client commands print their results, not the server's log lines
            assertThat(out).as(out).doesNotContain(" INFO ").doesNotContain(" WARN ");
        }
    }

    /** The fenced block right after the marker. */
    static String walkthrough(String readme) {
        int marker = readme.indexOf(MARKER);
        assertThat(marker).as("README.md has the marked walkthrough").isPositive();
        int start = readme.indexOf("```sh\n", marker) + "```sh\n".length();
        int end = readme.indexOf("\n```", start);
        return readme.substring(start, end + 1);
    }

    /** A {@code reflex} command in {@code bin}: this build's CLI, as the launcher would run it. */
    private static Path reflexOnPath(Path bin) throws Exception {
        Path reflex = bin.resolve("reflex");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(
                reflex,
                "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -Dreflex.home='" + REPO + "' -cp '"
                        + System.getProperty("java.class.path") + "' " + Reflex.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(reflex, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }
}
