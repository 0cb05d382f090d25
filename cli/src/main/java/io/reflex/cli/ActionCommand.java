package io.reflex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.cli.client.ApiClient;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "action",
        mixinStandardHelpOptions = true,
        description = "List, inspect, create and delete actions.",
        subcommands = {
            ActionCommand.ListActions.class,
            ActionCommand.Get.class,
            ActionCommand.Create.class,
            ActionCommand.Delete.class
        },
        footer = {
            "",
            "Examples:",
            "  reflex action list --pack core",
            "  reflex action get core.local",
            "  reflex action create ./my_action.yaml",
            "  reflex action delete examples.isprime"
        })
final class ActionCommand {
    static final List<String> COLUMNS = List.of("ref", "pack", "description");

    static String path(String ref) {
        return "/actions/" + ApiClient.segment(ref);
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List actions.",
            footer = {"", "Examples:", "  reflex action list", "  reflex action list -p core -a ref,runner_type"})
    static final class ListActions extends ClientCommand {
        @Option(
                names = {"-p", "--pack"},
                paramLabel = "PACK",
                description = "only actions of this pack")
        String pack;

        @Mixin
        OutputOptions output;

        @Override
        int run(Session session) {
            JsonNode items = session.api().get("/actions" + Query.of().add("pack", pack));
            output.output(out(), cli()).list(items, output.columns(COLUMNS), output.chosen());
            return 0;
        }
    }

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "Show one action.",
            footer = {"", "Examples:", "  reflex action get core.local", "  reflex action get core.local --yaml"})
    static final class Get extends ClientCommand {
        @Parameters(index = "0", paramLabel = "REF", description = "action reference or id")
        String ref;

        @Mixin
        OutputOptions output;

        @Override
        int run(Session session) {
            JsonNode a = session.api().get(path(ref));
            output.output(out(), cli()).record(a, output.attributes, output.chosen());
            return 0;
        }
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create an action from a YAML or JSON file (the format of a pack's actions/*.yaml).",
            footer = {"", "Examples:", "  reflex action create ./hello.yaml"})
    static final class Create extends ClientCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "action definition")
        Path file;

        @Mixin
        OutputOptions output;

        @Override
        int run(Session session) {
            JsonNode created = session.api()
                    .post("/actions", ResourceFiles.read(cli().workingDir().resolve(file)));
            output.output(out(), cli()).record(created, output.attributes, output.chosen());
            return 0;
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete an action.",
            footer = {"", "Examples:", "  reflex action delete examples.isprime"})
    static final class Delete extends ClientCommand {
        @Parameters(index = "0", paramLabel = "REF", description = "action reference or id")
        String ref;

        @Override
        int run(Session session) {
            session.api().delete(path(ref));
            out().println("Action \"" + ref + "\" deleted.");
            out().flush();
            return 0;
        }
    }
}
