package io.reflex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.cli.client.ApiClient;
import io.reflex.cli.client.ClientException;
import io.reflex.cli.client.ParameterCasts;
import io.reflex.core.json.Json;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "inquiry",
        mixinStandardHelpOptions = true,
        description = "Inquiries: workflows waiting for an answer from a person.",
        subcommands = {InquiryCommand.ListInquiries.class, InquiryCommand.Get.class, InquiryCommand.Respond.class},
        footer = {
            "",
            "Examples:",
            "  reflex inquiry list",
            "  reflex inquiry respond 65f0c0ffee0000000000abcd approved=true",
            "  reflex inquiry respond 65f0c0ffee0000000000abcd '{\"approved\": true, \"reason\": \"ok\"}'"
        })
final class InquiryCommand {
    static String path(String id) {
        return "/inquiries/" + ApiClient.segment(id);
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List pending inquiries.",
            footer = {"", "Examples:", "  reflex inquiry list --json"})
    static final class ListInquiries extends ClientCommand {
        @Mixin
        OutputOptions output;

        @Override
        int run(Session session) {
            JsonNode items = session.api().get("/inquiries");
            output.output(out(), cli())
                    .list(items, output.columns(List.of("id", "route", "ttl", "users", "roles")), output.chosen());
            return 0;
        }
    }

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "Show an inquiry and the schema its response must fit.",
            footer = {"", "Examples:", "  reflex inquiry get 65f0c0ffee0000000000abcd --yaml"})
    static final class Get extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "inquiry id (the execution id)")
        String id;

        @Mixin
        OutputOptions output;

        @Override
        int run(Session session) {
            output.output(out(), cli()).record(session.api().get(path(id)), output.attributes, output.chosen());
            return 0;
        }
    }

    @Command(
            name = "respond",
            mixinStandardHelpOptions = true,
            description =
                    "Answer an inquiry with a JSON object, or key=value pairs cast to the types of the inquiry's schema (as reflex run casts parameters).",
            footer = {
                "",
                "Examples:",
                "  reflex inquiry respond 65f0c0ffee0000000000abcd approved=true",
                "  reflex inquiry respond 65f0c0ffee0000000000abcd '{\"approved\": true}'"
            })
    static final class Respond extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "inquiry id (the execution id)")
        String id;

        @Parameters(
                index = "1..*",
                arity = "1..*",
                paramLabel = "RESPONSE",
                description = "a JSON object, or key=value")
        List<String> response;

        @Override
        int run(Session session) {
            ObjectNode body = Json.object().put("id", id);
            body.set("response", response(session.api()));
            session.api().put(path(id), body);
            out().println("Response for inquiry " + id + " accepted.");
            out().flush();
            return 0;
        }

        private JsonNode response(ApiClient api) {
            if (response.size() == 1 && response.get(0).strip().startsWith("{")) {
                try {
                    JsonNode json = Json.mapper().readTree(response.get(0));
                    if (json.isObject()) {
                        return json;
                    }
                } catch (IOException e) {
                    // reported below
                }
                throw ClientException.usage("the response is not a JSON object: " + response.get(0));
            }
            JsonNode schema = api.get(path(id)).path("schema").path("properties");
            return ParameterCasts.cast(response, schema, cli().workingDir());
        }
    }
}
