package io.reflex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.cli.client.ApiClient;
import io.reflex.cli.client.ClientException;
import io.reflex.core.json.Json;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "apikey",
        mixinStandardHelpOptions = true,
        description = "API keys: credentials that never expire, for scripts and integrations.",
        subcommands = {ApiKeyCommand.Create.class, ApiKeyCommand.ListKeys.class, ApiKeyCommand.Delete.class},
        footer = {
            "",
            "Examples:",
            "  reflex apikey create -k -m '{\"used_by\": \"ci\"}'",
            "  reflex apikey list",
            "  reflex apikey delete 65f0c0ffee0000000000abcd"
        })
final class ApiKeyCommand {
    static final List<String> COLUMNS = List.of("id", "user", "metadata", "created_at", "enabled");

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create an API key. Its value is shown once: the server keeps only a hash.",
            footer = {"", "Examples:", "  KEY=$(reflex apikey create -k)", "  reflex apikey create --user ci --json"})
    static final class Create extends ClientCommand {
        @Option(
                names = {"-u", "--user"},
                paramLabel = "USER",
                description = "owner (default: you)")
        String user;

        @Option(
                names = {"-m", "--metadata"},
                paramLabel = "JSON",
                description = "free-form metadata object")
        String metadata;

        @Option(
                names = {"-k", "--only-key"},
                description = "print only the key")
        boolean onlyKey;

        @Mixin
        OutputOptions output;

        @Override
        int run(Session session) {
            ObjectNode body = Json.object();
            if (user != null) {
                body.put("user", user);
            }
            if (metadata != null) {
                body.set("metadata", metadata());
            }
            JsonNode key = session.api().post("/apikeys", body);
            if (onlyKey) {
                out().println(key.path("key").asText());
                out().flush();
                return 0;
            }
            if (output.json || output.yaml || output.chosen()) {
                output.output(out(), cli())
                        .record(
                                key,
                                output.columns(List.of("id", "user", "key", "metadata", "enabled")),
                                output.chosen());
                return 0;
            }
            // The key is shown this once: on a line of its own, never wrapped by a table, so it copies whole.
            output.output(out(), cli()).record(key, List.of("id", "user", "metadata", "enabled"), false);
            out().println("key: " + key.path("key").asText());
            out().println("(shown only now; store it: it cannot be read again)");
            out().flush();
            return 0;
        }

        private JsonNode metadata() {
            try {
                JsonNode m = Json.mapper().readTree(metadata);
                if (m != null && m.isObject()) {
                    return m;
                }
            } catch (IOException e) {
                // reported below
            }
            throw ClientException.usage("--metadata: expected a JSON object, got " + metadata);
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List API keys (their values are never shown again).",
            footer = {"", "Examples:", "  reflex apikey list --yaml"})
    static final class ListKeys extends ResourceCommands.ListNewest {
        ListKeys() {
            super("/apikeys", "API keys", COLUMNS);
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete an API key: requests using it are refused from then on.",
            footer = {"", "Examples:", "  reflex apikey delete 65f0c0ffee0000000000abcd"})
    static final class Delete extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "API key id (or the key itself)")
        String id;

        @Override
        int run(Session session) {
            session.api().delete("/apikeys/" + ApiClient.segment(id));
            out().println("API key \"" + id + "\" deleted.");
            out().flush();
            return 0;
        }
    }
}
