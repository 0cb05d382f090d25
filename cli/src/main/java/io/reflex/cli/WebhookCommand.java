package io.reflex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.cli.client.ApiClient;
import io.reflex.cli.client.ClientException;
import io.reflex.core.json.Json;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "webhook",
        mixinStandardHelpOptions = true,
        description = "Webhooks: fire the core.st2.webhook trigger of rules listening on a URL.",
        subcommands = {WebhookCommand.ListWebhooks.class, WebhookCommand.Post.class},
        footer = {"", "Examples:", "  reflex webhook list", "  reflex webhook post greet '{\"name\": \"Ada\"}'"})
final class WebhookCommand {
    static final List<String> COLUMNS = List.of("parameters.url", "type", "ref");

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the webhook URLs enabled rules listen on (under /api/v1/webhooks/).",
            footer = {"", "Examples:", "  reflex webhook list", "  reflex webhook list --json"})
    static final class ListWebhooks extends ResourceCommands.ListAll {
        ListWebhooks() {
            super("/webhooks", COLUMNS);
        }
    }

    @Command(
            name = "post",
            mixinStandardHelpOptions = true,
            description = "POST a JSON body to /api/v1/webhooks/<URL> (the rule's trigger.parameters.url).",
            footer = {
                "",
                "Examples:",
                "  reflex webhook post greet '{\"name\": \"Ada\"}'",
                "  reflex webhook post greet '{\"name\": \"Grace\"}' --json"
            })
    static final class Post extends ClientCommand {
        @Parameters(
                index = "0",
                paramLabel = "URL",
                description = "webhook name (the url of a core.st2.webhook rule), e.g. greet")
        String url;

        @Parameters(index = "1", paramLabel = "JSON", description = "the body, a JSON value", defaultValue = "{}")
        String body;

        @Mixin
        OutputOptions output;

        @Override
        int run(Session session) {
            JsonNode json;
            try {
                json = Json.mapper().readTree(body);
            } catch (IOException e) {
                throw ClientException.usage("the body is not JSON: " + body);
            }
            String path = Arrays.stream(url.replaceFirst("^/+", "").split("/"))
                    .map(ApiClient::segment)
                    .collect(Collectors.joining("/"));
            JsonNode answer = session.api().post("/webhooks/" + path, json);
            var out = output.output(out(), cli());
            if (out.format() == io.reflex.cli.output.Output.Format.TABLE) {
                out.line("Webhook \"" + url + "\" accepted.");
            } else {
                out.document(answer == null ? Json.object() : answer);
            }
            return 0;
        }
    }
}
