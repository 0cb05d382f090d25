package io.reflex.actionrunner.runners;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stand-in runner JVM for {@link SupervisorTest}: runs {@code args[0]} through bash under the supervisor
 * (with a kill-by deadline {@code args[1]} ms ahead that is never moved, when given) and prints its outcome.
 */
final class SupervisedChild {
    private SupervisedChild() {}

    public static void main(String[] args) throws Exception {
        Instant killBy = args.length > 1 ? Instant.now().plusMillis(Long.parseLong(args[1])) : null;
        ProcessRunner.Outcome o = ProcessRunner.run(
                new ProcessRunner.Spec(
                        List.of("bash", "-c", args[0]),
                        Path.of("."),
                        Map.of(),
                        Duration.ofMinutes(10),
                        null,
                        new Supervision(null, () -> killBy)),
                (stream, line) -> System.out.print(stream + ": " + line),
                () -> false);
        System.out.println("outcome " + o.exitCode() + " " + o.stderr().strip());
    }
}
