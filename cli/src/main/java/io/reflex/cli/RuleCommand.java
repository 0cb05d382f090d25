package io.reflex.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "rule",
        mixinStandardHelpOptions = true,
        description = "List, inspect, create, enable, disable and delete rules.",
        subcommands = {
            RuleCommand.ListRules.class,
            RuleCommand.Get.class,
            RuleCommand.Create.class,
            RuleCommand.Enable.class,
            RuleCommand.Disable.class,
            RuleCommand.Delete.class
        },
        footer = {
            "",
            "Examples:",
            "  reflex rule list --pack examples",
            "  reflex rule create ./greet_on_webhook.yaml",
            "  reflex rule disable examples.greet_on_webhook"
        })
final class RuleCommand {
    static final List<String> COLUMNS = List.of("ref", "pack", "description", "enabled");

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List rules.",
            footer = {"", "Examples:", "  reflex rule list", "  reflex rule list --action core.local --enabled true"})
    static final class ListRules extends ResourceCommands.ListOfPacks {
        @Option(names = "--action", paramLabel = "REF", description = "only rules running this action")
        String action;

        @Option(names = "--trigger", paramLabel = "REF", description = "only rules on this trigger")
        String trigger;

        // a Boolean option is a flag unless given an arity: "--enabled true", as the example has it, takes a value
        @Option(
                names = "--enabled",
                arity = "1",
                paramLabel = "true|false",
                description = "only enabled (or disabled) rules")
        Boolean enabled;

        ListRules() {
            super("/rules", COLUMNS);
        }

        @Override
        Query filters() {
            return super.filters()
                    .add("action", action)
                    .add("trigger", trigger)
                    .add("enabled", enabled == null ? null : enabled.toString());
        }
    }

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "Show one rule.",
            footer = {"", "Examples:", "  reflex rule get examples.greet_on_webhook --yaml"})
    static final class Get extends ResourceCommands.Get {
        Get() {
            super("/rules");
        }
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a rule from a YAML or JSON file (the format of a pack's rules/*.yaml).",
            footer = {"", "Examples:", "  reflex rule create ./greet_on_webhook.yaml"})
    static final class Create extends ResourceCommands.Create {
        Create() {
            super("/rules");
        }
    }

    @Command(
            name = "enable",
            mixinStandardHelpOptions = true,
            description = "Enable a rule.",
            footer = {"", "Examples:", "  reflex rule enable examples.greet_on_webhook"})
    static final class Enable extends ResourceCommands.Toggle {
        Enable() {
            super("/rules", true);
        }
    }

    @Command(
            name = "disable",
            mixinStandardHelpOptions = true,
            description = "Disable a rule.",
            footer = {"", "Examples:", "  reflex rule disable examples.greet_on_webhook"})
    static final class Disable extends ResourceCommands.Toggle {
        Disable() {
            super("/rules", false);
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete a rule.",
            footer = {"", "Examples:", "  reflex rule delete examples.greet_on_webhook"})
    static final class Delete extends ResourceCommands.Delete {
        Delete() {
            super("/rules", "Rule");
        }
    }
}
