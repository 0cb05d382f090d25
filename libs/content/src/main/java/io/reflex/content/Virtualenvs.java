package io.reflex.content;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A pack's own Python virtualenv ({@code <virtualenvs>/<pack>}), made when the pack has a
 * {@code requirements.txt} and Python content (python-script actions or sensors), with its requirements
 * installed by pip. The interpreter is {@code $REFLEX_PYTHON} or {@code python3}.
 */
final class Virtualenvs {
    private Virtualenvs() {}

    static Optional<Path> ensure(Path packDir, Path venv, Commands commands) {
        Path requirements = packDir.resolve("requirements.txt");
        if (!Files.isRegularFile(requirements) || !hasPython(packDir)) {
            return Optional.empty();
        }
        String python = Optional.ofNullable(System.getenv("REFLEX_PYTHON")).orElse("python3");
        if (!Files.isExecutable(venv.resolve("bin/python"))) {
            commands.run(
                    List.of(python, "-m", "venv", venv.toString()),
                    null,
                    Commands.PIP_TIMEOUT,
                    "creating virtualenv " + venv);
        }
        commands.run(
                List.of(
                        venv.resolve("bin/python").toString(),
                        "-m",
                        "pip",
                        "install",
                        "--disable-pip-version-check",
                        "--quiet",
                        "-r",
                        requirements.toString()),
                packDir,
                Commands.PIP_TIMEOUT,
                "pip install -r " + packDir.getFileName() + "/requirements.txt");
        return Optional.of(venv);
    }

    /** Python actions or sensors: any .py file under actions/ or sensors/. */
    static boolean hasPython(Path packDir) {
        for (String sub : List.of("actions", "sensors")) {
            Path d = packDir.resolve(sub);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(d)) {
                if (walk.anyMatch(p -> p.toString().endsWith(".py"))) {
                    return true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return false;
    }
}
