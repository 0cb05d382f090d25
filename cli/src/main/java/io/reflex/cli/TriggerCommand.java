package io.reflex.cli;

import java.util.List;
import picocli.CommandLine.Command;

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
    static final class ListTriggers extends ResourceCommands.ListOfPacks {
        ListTriggers() {
            super("/triggertypes", List.of("ref", "pack", "description"));
        }
    }
}
