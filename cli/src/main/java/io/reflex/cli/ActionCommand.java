package io.reflex.cli;

import java.util.List;
import picocli.CommandLine.Command;

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

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List actions.",
            footer = {"", "Examples:", "  reflex action list", "  reflex action list -p core -a ref,runner_type"})
    static final class ListActions extends ResourceCommands.ListOfPacks {
        ListActions() {
            super("/actions", COLUMNS);
        }
    }

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "Show one action.",
            footer = {"", "Examples:", "  reflex action get core.local", "  reflex action get core.local --yaml"})
    static final class Get extends ResourceCommands.Get {
        Get() {
            super("/actions");
        }
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create an action from a YAML or JSON file (the format of a pack's actions/*.yaml).",
            footer = {"", "Examples:", "  reflex action create ./hello.yaml"})
    static final class Create extends ResourceCommands.Create {
        Create() {
            super("/actions");
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete an action.",
            footer = {"", "Examples:", "  reflex action delete examples.isprime"})
    static final class Delete extends ResourceCommands.Delete {
        Delete() {
            super("/actions", "Action");
        }
    }
}
