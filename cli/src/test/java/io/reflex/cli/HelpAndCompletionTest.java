package io.reflex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.cli.client.ExitCodes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Help texts, usage errors and the generated shell completion; nothing needs to run for these. */
class HelpAndCompletionTest {
    @TempDir
    Path home;

    CliStack.Run reflex(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cl = Reflex.commandLine(new CliEnv(
                Map.of(),
                home,
                home,
                java.io.InputStream.nullInputStream(),
                io.reflex.cli.output.Terminal.none(Map.of()),
                java.time.Clock.systemUTC()));
        cl.setOut(new java.io.PrintWriter(out));
        cl.setErr(new java.io.PrintWriter(err));
        int code = cl.execute(args);
        return new CliStack.Run(code, out.toString(), err.toString());
    }

    static List<CommandLine> allCommands(CommandLine cl) {
        List<CommandLine> all = new ArrayList<>(List.of(cl));
        cl.getSubcommands().values().stream()
                .filter(sub -> !sub.getCommandName().equals("help"))
                .distinct()
                .forEach(sub -> all.addAll(allCommands(sub)));
        return all;
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        List<CommandLine> commands = allCommands(Reflex.commandLine());
        assertThat(commands).hasSizeGreaterThan(40);
        for (CommandLine cl : commands) {
            String name = cl.getCommandSpec().qualifiedName();
            CliStack.Run help = reflex(helpArgs(name));
            assertThat(help.code()).as(name).isZero();
            assertThat(help.out()).as(name).contains("Usage: " + name).contains("Examples:");
        }
    }

    private static String[] helpArgs(String qualifiedName) {
        List<String> args = new ArrayList<>(List.of(qualifiedName.split(" ")));
        args.removeFirst();
        args.add("--help");
        return args.toArray(String[]::new);
    }

    @Test
    void theTopLevelAndRunHelpListTheExitCodes() {
        assertThat(reflex("--help").out()).contains("Exit codes:").containsPattern("\\n  2 +the execution timed out");
        assertThat(reflex("run", "--help").out()).containsPattern("\\n  64 +usage error");
    }

    @Test
    void aUsageErrorIsOneLineAndAHintWithExitCode64() {
        CliStack.Run r = reflex("run");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err())
                .isEqualTo("reflex: Missing required parameter: 'ACTION'\n"
                        + "Try 'reflex run --help' for more information.\n");
        assertThat(reflex("execution", "list", "--bogus").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void bashCompletionIsGeneratedFromTheCommands() {
        CliStack.Run r = reflex("completion", "bash");

        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("complete -F _complete_reflex")
                .contains("re-run")
                .contains("trigger-instance")
                .contains("--api-url");
        assertThat(reflex("completion", "fish").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        CliStack.Run r = reflex("actoin", "list");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err())
                .contains("Unmatched argument")
                .contains("Did you mean")
                .contains("action");
    }
}
