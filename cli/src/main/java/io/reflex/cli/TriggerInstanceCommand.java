package io.reflex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.cli.client.ApiClient;
import io.reflex.core.json.Json;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "trigger-instance",
        mixinStandardHelpOptions = true,
        description = "Trigger instances: the events rules matched against.",
        subcommands = {TriggerInstanceCommand.ListInstances.class, TriggerInstanceCommand.ReEmit.class},
        footer = {
            "",
            "Examples:",
            "  reflex trigger-instance list --trigger core.st2.webhook",
            "  reflex trigger-instance re-emit 65f0c0ffee0000000000abcd"
        })
final class TriggerInstanceCommand {
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List trigger instances, newest first.",
            footer = {"", "Examples:", "  reflex trigger-instance list -n 10 --json"})
    static final class ListInstances extends ResourceCommands.ListNewest {
        @Option(names = "--trigger", paramLabel = "REF", description = "only instances of this trigger")
        String trigger;

        @Option(names = "--trigger-type", paramLabel = "REF", description = "only instances of this trigger type")
        String triggerType;

        ListInstances() {
            super("/triggerinstances", "trigger instances", List.of("id", "trigger", "occurrence_time", "status"));
        }

        @Override
        Query filters(Query query) {
            return query.add("trigger", trigger).add("trigger_type", triggerType);
        }
    }

    @Command(
            name = "re-emit",
            mixinStandardHelpOptions = true,
            description = "Emit a trigger instance again: rules see it as a new event.",
            footer = {"", "Examples:", "  reflex trigger-instance re-emit 65f0c0ffee0000000000abcd"})
    static final class ReEmit extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "trigger instance id")
        String id;

        @Override
        int run(Session session) {
            JsonNode r = session.api().post("/triggerinstances/" + ApiClient.segment(id) + "/re_emit", Json.object());
            String message = r != null && r.has("message") ? r.get("message").asText() : "Trigger instance re-emitted.";
            out().println(message);
            out().flush();
            return 0;
        }
    }
}
