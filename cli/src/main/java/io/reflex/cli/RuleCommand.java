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

    static String path(String ref) {
        return "/rules/" + ApiClient.segment(ref);
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List rules.",
            footer = {"", "Examples:", "  reflex rule list", "  reflex rule list --action core.local --enabled true"})
    static final class ListRules extends ClientCommand {
        @Option(
                names = {"-p", "--pack"},
                paramLabel = "PACK",
                description = "only rules of this pack")
        String pack;

        @Option(names = "--action", paramLabel = "REF", description = "only rules running this action")
        String action;

        @Option(names = "--trigger", paramLabel = "REF", description = "only rules on this trigger")
        String trigger;

        @Option(names = "--enabled", paramLabel = "true|false", description = "only enabled (or disabled) rules")
        Boolean enabled;

        @Mixin
        OutputOptions output;

        @Override
        int run(Session session) {
            String q = Query.of()
                    .add("pack", pack)
                    .add("action", action)
                    .add("trigger", trigger)
                    .add("enabled", enabled == null ? null : enabled.toString())
                    .toString();
            JsonNode items = session.api().get("/rules" + q);
            output.output(out(), cli()).list(items, output.columns(COLUMNS), output.chosen());
            return 0;
        }
    }

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "Show one rule.",
            footer = {"", "Examples:", "  reflex rule get examples.greet_on_webhook --yaml"})
    static final class Get extends ClientCommand {
        @Parameters(index = "0", paramLabel = "REF", description = "rule reference or id")
        String ref;

        @Mixin
        OutputOptions output;

        @Override
        int run(Session session) {
            output.output(out(), cli()).record(session.api().get(path(ref)), output.attributes, output.chosen());
            return 0;
        }
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a rule from a YAML or JSON file (the format of a pack's rules/*.yaml).",
            footer = {"", "Examples:", "  reflex rule create ./greet_on_webhook.yaml"})
    static final class Create extends ClientCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "rule definition")
        Path file;

        @Mixin
        OutputOptions output;

        @Override
        int run(Session session) {
            JsonNode created = session.api()
                    .post("/rules", ResourceFiles.read(cli().workingDir().resolve(file)));
            output.output(out(), cli()).record(created, output.attributes, output.chosen());
            return 0;
        }
    }

    @Command(
            name = "enable",
            mixinStandardHelpOptions = true,
            description = "Enable a rule.",
            footer = {"", "Examples:", "  reflex rule enable examples.greet_on_webhook"})
    static final class Enable extends EnableToggle {
        Enable() {
            super("/rules", true);
        }
    }

    @Command(
            name = "disable",
            mixinStandardHelpOptions = true,
            description = "Disable a rule.",
            footer = {"", "Examples:", "  reflex rule disable examples.greet_on_webhook"})
    static final class Disable extends EnableToggle {
        Disable() {
            super("/rules", false);
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete a rule.",
            footer = {"", "Examples:", "  reflex rule delete examples.greet_on_webhook"})
    static final class Delete extends ClientCommand {
        @Parameters(index = "0", paramLabel = "REF", description = "rule reference or id")
        String ref;

        @Override
        int run(Session session) {
            session.api().delete(path(ref));
            out().println("Rule \"" + ref + "\" deleted.");
            out().flush();
            return 0;
        }
    }
}
