package io.reflex.cli;

import io.reflex.cli.output.Terminal;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What the client commands take from their process, gathered in one place so that tests can run them
 * in-process with their own environment, home directory and standard input.
 *
 * @param home the directory holding {@code .reflex/} (config and token cache)
 */
record CliEnv(Map<String, String> env, Path home, Path workingDir, InputStream stdin, Terminal terminal, Clock clock) {
    CliEnv {
        env = Map.copyOf(env);
    }

    /** This process: {@code $HOME} (as shells and st2 use it), else Java's {@code user.home}. */
    static CliEnv system() {
        String home = System.getenv("HOME");
        return new CliEnv(
                System.getenv(),
                Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home")),
                Path.of("").toAbsolutePath(),
                System.in,
                Terminal.detect(System.getenv()),
                Clock.systemUTC());
    }

    /** The directory of the client's files: {@code ~/.reflex}. */
    Path reflexDir() {
        return home.resolve(".reflex");
    }
}
