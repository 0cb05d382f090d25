package io.reflex.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Java Flight Recorder over one measured batch: a recording in every service process (started and dumped
 * with {@code jcmd}) and one in this JVM (the embedded store and ZooKeeper, the webhook senders), all with
 * the JDK's {@code profile} settings plus Reflex's own events. {@link #stop} leaves one {@code .jfr} file per
 * process, which {@link ProfileSummary} reads.
 */
final class Profiler {
    private static final String NAME = "reflex-bench";

    private final Map<String, Long> services;
    private final Recording local;

    private Profiler(Map<String, Long> services, Recording local) {
        this.services = services;
        this.local = local;
    }

    /** Starts a recording in each service ({@code name → pid}) and in this JVM. */
    static Profiler start(Map<String, Long> services) throws IOException, InterruptedException {
        for (var s : services.entrySet()) {
            jcmd(s.getValue(), "JFR.start", "name=" + NAME, "settings=profile");
        }
        Recording local;
        try {
            local = new Recording(Configuration.getConfiguration("profile"));
        } catch (ParseException e) {
            throw new IOException("the JDK's profile settings do not parse: " + e.getMessage(), e);
        }
        local.enable("reflex.StoreCommand");
        local.enable("reflex.BusPublish");
        local.start();
        return new Profiler(services, local);
    }

    /**
     * Stops every recording and writes {@code <prefix>-<process>.jfr} into {@code dir}.
     *
     * @return process name → recording file, services first, this JVM last as {@code benchmark JVM}
     */
    Map<String, Path> stop(Path dir, String prefix) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Map<String, Path> files = new LinkedHashMap<>();
        for (var s : services.entrySet()) {
            Path file = dir.resolve(prefix + "-" + s.getKey() + ".jfr").toAbsolutePath();
            jcmd(s.getValue(), "JFR.stop", "name=" + NAME, "filename=" + file);
            files.put(s.getKey(), file);
        }
        Path file = dir.resolve(prefix + "-benchmark.jfr").toAbsolutePath();
        local.stop();
        local.dump(file);
        local.close();
        files.put("benchmark JVM", file);
        return files;
    }

    private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(Long.toString(pid));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
        }
    }
}
