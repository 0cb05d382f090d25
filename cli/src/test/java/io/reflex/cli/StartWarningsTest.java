package io.reflex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.runtime.config.ConfigKeys;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A normal start, as the launcher and the deployment files start Reflex ({@code java -jar reflex.jar up}, the
 * jar's manifest as {@code cli/pom.xml} declares it), prints no JVM warning on stderr and logs each pack's
 * registration once. The jar here is a manifest-only launcher over this build's main classpath, so the test
 * needs no packaged jar.
 */
class StartWarningsTest {
    private static final Pattern MANIFEST_ENTRY =
            Pattern.compile("<manifestEntries>(.*?)</manifestEntries>", Pattern.DOTALL);
    private static final Pattern ENTRY = Pattern.compile("<([A-Za-z][A-Za-z0-9-]*)>([^<]*)</\\1>");

    @TempDir
    Path tmp;

    @Test
    void aNormalStartPrintsNoJvmWarningAndLogsEachRegistrationOnce() throws Exception {
        Path jar = launcherJar(tmp.resolve("reflex.jar"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Dreflex.home=" + ReflexUpTest.SHIPPED_PACKS.getParent(),
                "-jar",
                jar.toString(),
                "up",
                "--set",
                "auth.enable=false"));
        for (String s : ConfigKeys.services()) {
            cmd.add("--set");
            cmd.add(s + ".port=0");
        }
        Path out = tmp.resolve("stdout");
        Path err = tmp.resolve("stderr");
        ProcessBuilder builder = new ProcessBuilder(cmd)
                .directory(tmp.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("HOME", home.toString());
        Process p = builder.start();
        try {
            Awaitility.await()
                    .atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> !p.isAlive() || Files.readString(out).contains("Reflex is up."));
            assertThat(p.isAlive())
                    .as("reflex up ended early:%n%s%n%s", Files.readString(out), Files.readString(err))
                    .isTrue();
            Thread.sleep(3000); // what a start prints just after its banner
        } finally {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        List<String> stderr = Files.readAllLines(err);
        assertThat(stderr).as("JVM warnings on stderr").noneMatch(l -> l.startsWith("WARNING:"));
        for (String pack : List.of("core", "chatops", "examples")) {
            assertThat(stderr.stream().filter(l -> l.contains("pack registered pack=" + pack + " ")))
                    .as("registration of %s; stderr:%n%s", pack, String.join("\n", stderr))
                    .hasSize(1);
        }
    }

    /** A jar holding only a manifest: {@code cli/pom.xml}'s main class and entries, this build's classpath. */
    private static Path launcherJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, Reflex.class.getName());
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher entries = MANIFEST_ENTRY.matcher(pom);
        assertThat(entries.find()).as("cli/pom.xml declares manifest entries").isTrue();
        Matcher e = ENTRY.matcher(entries.group(1));
        while (e.find()) {
            main.putValue(e.group(1), e.group(2).trim());
        }
        List<String> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            // what the shipped jar's lib/ holds: no test classes, no test support (its logback-test.xml)
            if (!entry.endsWith("test-classes") && !entry.contains("libs/testing/")) {
                urls.add(Path.of(entry).toAbsolutePath().toUri().toString());
            }
        }
        main.put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        try (OutputStream os = Files.newOutputStream(jar);
                JarOutputStream ignored = new JarOutputStream(os, manifest)) {
            // the manifest is the whole jar
        }
        return jar;
    }
}
