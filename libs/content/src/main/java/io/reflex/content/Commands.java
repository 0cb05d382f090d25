package io.reflex.content;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The external programs pack installation runs (git, python3, pip), with bounded time and clear errors. */
class Commands {
    static final Duration GIT_TIMEOUT = Duration.ofMinutes(5);
    static final Duration PIP_TIMEOUT = Duration.ofMinutes(15);

    /** Clones {@code url} into {@code dest} and checks out {@code ref} (branch, tag or commit) if given. */
    void gitClone(String url, Optional<String> ref, Path dest) {
        run(List.of("git", "clone", "--quiet", url, dest.toString()), null, GIT_TIMEOUT, "git clone " + url);
        ref.ifPresent(r -> run(
                List.of("git", "-C", dest.toString(), "checkout", "--quiet", r),
                null,
                GIT_TIMEOUT,
                "git checkout " + r));
    }

    /** Runs a command; returns its output; throws with the command's last output lines when it fails. */
    String run(List<String> command, Path dir, Duration timeout, String what) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw failure(what, "timed out after " + timeout.toSeconds() + " s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw failure(what, "exit code " + p.exitValue() + ": " + tail(text));
            }
            return text;
        } catch (IOException e) {
            throw failure(what, "cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(what, "interrupted");
        }
    }

    private static ContentException failure(String what, String why) {
        return new ContentException(ContentError.of(what, why));
    }

    private static String tail(String text) {
        List<String> lines =
                new ArrayList<>(text.lines().filter(l -> !l.isBlank()).toList());
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }
}
