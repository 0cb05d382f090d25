package io.reflex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "trigger",
        mixinStandardHelpOptions = true,
        description = "Trigger types: what rules can react to.",
        subcommands = {TriggerCommand.ListTriggers.class},
        footer = {"", "Examples:", "  reflex trigger list", "  reflex trigger list --pack core"})
final class TriggerCommand {
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List trigger types (as st2 trigger list does).",
            footer = {"", "Examples:", "  reflex trigger list --pack core --json"})
    static final class ListTriggers extends ClientCommand {
        @Option(
                names = {"-p", "--pack"},
                paramLabel = "PACK",
                description = "only trigger types of this pack")
        String pack;

        @Mixin
        OutputOptions output;

        @Override
        int run(Session session) {
            JsonNode items = session.api().get("/triggertypes" + Query.of().add("pack", pack));
            output.output(out(), cli())
                    .list(items, output.columns(List.of("ref", "pack", "description")), output.chosen());
            return 0;
        }
    }
}
