package io.reflex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.cli.client.ApiClient;
import io.reflex.cli.client.ExecutionWaiter;
import io.reflex.cli.client.ExitCodes;
import io.reflex.cli.output.Output;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How a command that starts an execution follows it: wait (default), {@code --async}, {@code --tail}. */
final class WaitOptions {
    @Option(
            names = "--async",
            description = "do not wait: print the execution id (the execution with --json/--yaml) and exit 0")
    boolean async;

    @Option(names = "--tail", description = "print the execution's output as it arrives while waiting")
    boolean tail;

    @Option(
            names = "--poll",
            paramLabel = "SECONDS",
            description = "longest pause between status checks while waiting (default: ${DEFAULT-VALUE})",
            defaultValue = "1")
    double poll;

    /**
     * Prints the started execution's id, or waits for it and prints it as it ended.
     *
     * @return the exit code of its final status (0 for --async)
     */
    int follow(ApiClient api, JsonNode execution, Output output, OutputOptions options, CliEnv cli) {
        String id = execution.path("id").asText();
        if (async) {
            if (output.format() == Output.Format.TABLE) {
                output.line(id);
                output.writer().flush();
            } else {
                output.document(execution);
            }
            return ExitCodes.OK;
        }
        ExecutionProgress progress = new ExecutionProgress(
                output.writer(),
                cli.terminal().tty() && output.format() == Output.Format.TABLE,
                tail,
                execution.path("action").path("ref").asText(id),
                cli.terminal().width());
        Duration maxPoll = Duration.ofMillis(Math.max(100, (long) (poll * 1000)));
        ExecutionWaiter waiter = new ExecutionWaiter(api, maxPoll);
        JsonNode done = tail
                ? waiter.awaitFollowingChildren(id, progress)
                : waiter.await(id, cli.terminal().tty(), progress);
        progress.done();
        if (tail) {
            output.line("");
        }
        ExecutionFormat.print(output, done, options);
        ExecutionFormat.printTasks(api, output, done, -1);
        return ExitCodes.ofStatus(done.path("status").asText());
    }
}
