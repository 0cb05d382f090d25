package io.reflex.cli;

import io.reflex.cli.client.ClientException;
import io.reflex.cli.client.ExitCodes;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.ParseResult;

/** The {@code reflex} command. */
@Command(
        name = "reflex",
        mixinStandardHelpOptions = true,
        versionProvider = Reflex.Version.class,
        description = "Reflex: event-driven automation, StackStorm-compatible, highly available.",
        subcommands = {
            UpCommand.class,
            ServiceCommand.class,
            PackCommand.class,
            LoginCommand.class,
            WhoamiCommand.class,
            RunCommand.class,
            ExecutionCommand.class,
            ActionCommand.class,
            RuleCommand.class,
            TriggerCommand.class,
            TriggerInstanceCommand.class,
            KeyCommand.class,
            WebhookCommand.class,
            SensorCommand.class,
            ApiKeyCommand.class,
            InquiryCommand.class,
            PurgeCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Client configuration: ~/.reflex/config, INI like st2's ~/.st2/config:",
            "  [credentials] username, password, api_key   [api] url   [auth] url",
            "  [stream] url   [cli] cache_token",
            "Environment (overrides the file; st2's ST2_* names work too): REFLEX_API_URL,",
            "REFLEX_AUTH_URL, REFLEX_STREAM_URL, REFLEX_AUTH_TOKEN, REFLEX_API_KEY, REFLEX_CLI_CONFIG.",
            "",
            "Examples:",
            "  reflex up                       every service in one process, embedded backends",
            "  reflex service api --config /etc/reflex/reflex.yaml",
            "  reflex login st2admin",
            "  reflex run core.local cmd=date",
            "  reflex execution list -n 10",
        })
public final class Reflex {
    private final CliEnv cli;

    Reflex(CliEnv cli) {
        this.cli = cli;
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    CliEnv cli() {
        return cli;
    }

    static CommandLine commandLine() {
        return commandLine(CliEnv.system());
    }

    /** The command line with {@code cli} as the process context (tests pass their own). */
    static CommandLine commandLine(CliEnv cli) {
        CommandLine cl = new CommandLine(new Reflex(cli));
        for (CommandLine documented : java.util.List.of(
                cl, cl.getSubcommands().get("run"), cl.getSubcommands().get("execution"))) {
            documented
                    .getCommandSpec()
                    .usageMessage()
                    .exitCodeListHeading("%nExit codes:%n")
                    .exitCodeList(ExitCodes.HELP);
        }
        cl.setExecutionStrategy(Reflex::execute);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("reflex: " + message(e));
            if (System.getenv("REFLEX_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return e instanceof ClientException c ? c.exitCode() : ExitCodes.FAILED;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("reflex: " + e.getMessage());
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
                CommandLine.UnmatchedArgumentException.printSuggestions(unmatched, cmd.getErr());
            }
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            cmd.getErr().flush();
            return ExitCodes.USAGE;
        });
        return cl;
    }

    /**
     * Picocli's usual strategy (help if asked for, else the last subcommand), except that {@code run ACTION
     * --help} prints the action's parameters, as {@code st2 run ACTION -h} does.
     */
    private static int execute(ParseResult parsed) {
        if (!parsed.hasSubcommand()
                || !SERVER_COMMANDS.contains(parsed.subcommand().commandSpec().name())) {
            quietServerLogs();
        }
        ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        if (last.isUsageHelpRequested()
                && last.commandSpec().userObject() instanceof RunCommand run
                && run.action != null) {
            try {
                return run.printActionHelp();
            } catch (RuntimeException e) {
                throw new ExecutionException(last.commandSpec().commandLine(), message(e), e);
            }
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /** The commands that run services; every other command is a client and prints only its own output. */
    private static final java.util.Set<String> SERVER_COMMANDS = java.util.Set.of("up", "service");

    /**
     * A client command that opens the state store or registers packs in-process would otherwise print the
     * services' INFO lines among its own output; warnings and errors still show.
     */
    private static void quietServerLogs() {
        for (String name : java.util.List.of("io.reflex", "com.zaxxer.hikari")) {
            if (org.slf4j.LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
                logger.setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }
    }

    private static String message(Exception e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return u.getMessage();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Reflex.class.getPackage().getImplementationVersion();
            return new String[] {"reflex " + (v == null ? "development build" : v)};
        }
    }
}
