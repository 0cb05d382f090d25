package io.reflex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.cli.client.ApiClient;
import io.reflex.core.json.Json;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "key",
        mixinStandardHelpOptions = true,
        description = {
            "The datastore: list, get, set and delete keys.",
            "Keys in system scope (shared) or user scope (yours). Secrets are encrypted at rest and shown as ******** unless --decrypt is given (your own keys, or as an administrator)."
        },
        subcommands = {KeyCommand.ListKeys.class, KeyCommand.Get.class, KeyCommand.Set.class, KeyCommand.Delete.class},
        footer = {
            "",
            "Examples:",
            "  reflex key set db_host db1.example.com",
            "  reflex key set db_password 'hunter2' --encrypt",
            "  reflex key get db_password --decrypt",
            "  reflex key list --prefix db_ --scope all"
        })
final class KeyCommand {
    static final List<String> COLUMNS = List.of("name", "value", "secret", "scope", "user", "expire_timestamp");

    static String path(String name) {
        return "/keys/" + ApiClient.segment(name);
    }

    /** The options that address one key. */
    static final class Address {
        @Option(
                names = {"-s", "--scope"},
                paramLabel = "SCOPE",
                description = "system (default) or user",
                defaultValue = "system")
        String scope;

        @Option(names = "--user", paramLabel = "USER", description = "owner of a user-scoped key (administrators)")
        String user;

        /** The query that names the key's scope and owner. */
        Query query() {
            return Query.of().add("scope", scope).add("user", user);
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List keys.",
            footer = {"", "Examples:", "  reflex key list", "  reflex key list --scope user --decrypt --json"})
    static final class ListKeys extends ClientCommand {
        @Option(names = "--prefix", paramLabel = "PREFIX", description = "only keys whose name starts with it")
        String prefix;

        @Option(
                names = {"-s", "--scope"},
                paramLabel = "SCOPE",
                description = "system (default), user or all",
                defaultValue = "system")
        String scope;

        @Option(names = "--user", paramLabel = "USER", description = "the user whose keys to list (administrators)")
        String user;

        @Option(
                names = {"-d", "--decrypt"},
                description = "show secret values")
        boolean decrypt;

        @Mixin
        OutputOptions output;

        @Override
        int run(Session session) {
            String q = Query.of()
                    .add("prefix", prefix)
                    .add("scope", scope)
                    .add("user", user)
                    .add("decrypt", decrypt)
                    .toString();
            JsonNode items = shown(session.api().get("/keys" + q), output);
            output.output(out(), cli()).list(items, output.columns(COLUMNS), output.chosen());
            return 0;
        }
    }

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "Show one key.",
            footer = {"", "Examples:", "  reflex key get db_host", "  reflex key get token --scope user --decrypt"})
    static final class Get extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "key name")
        String name;

        @Mixin
        Address address;

        @Option(
                names = {"-d", "--decrypt"},
                description = "show the secret value")
        boolean decrypt;

        @Mixin
        OutputOptions output;

        @Override
        int run(Session session) {
            JsonNode key = shown(session.api().get(path(name) + address.query().add("decrypt", decrypt)), output);
            output.output(out(), cli()).record(key, output.columns(COLUMNS), output.chosen());
            return 0;
        }
    }

    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description = "Set a key (created or replaced).",
            footer = {
                "",
                "Examples:",
                "  reflex key set db_host db1.example.com",
                "  reflex key set api_token s3cr3t --encrypt --scope user --ttl 3600"
            })
    static final class Set extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "key name")
        String name;

        @Parameters(index = "1", paramLabel = "VALUE", description = "value")
        String value;

        @Mixin
        Address address;

        @Option(
                names = {"-e", "--encrypt"},
                description = "store the value as an encrypted secret")
        boolean encrypt;

        @Option(names = "--encrypted", description = "the value is already encrypted with the datastore key (admins)")
        boolean encrypted;

        @Option(
                names = {"-l", "--ttl"},
                paramLabel = "SECONDS",
                description = "delete the key after this long")
        Long ttl;

        @Mixin
        OutputOptions output;

        @Override
        int run(Session session) {
            ObjectNode body =
                    Json.object().put("name", name).put("value", value).put("scope", address.scope);
            if (encrypt) {
                body.put("secret", true);
            }
            if (encrypted) {
                body.put("encrypted", true);
            }
            if (ttl != null) {
                body.put("ttl", ttl);
            }
            if (address.user != null) {
                body.put("user", address.user);
            }
            JsonNode key = session.api().put(path(name), body);
            output.output(out(), cli()).record(key, output.columns(COLUMNS), output.chosen());
            return 0;
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete a key.",
            footer = {"", "Examples:", "  reflex key delete db_host", "  reflex key delete token --scope user"})
    static final class Delete extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "key name")
        String name;

        @Mixin
        Address address;

        @Override
        int run(Session session) {
            session.api().delete(path(name) + address.query());
            out().println("Key \"" + name + "\" deleted.");
            out().flush();
            return 0;
        }
    }

    /**
     * Keys as printed: in a table an encrypted secret's value (ciphertext, unreadable anyway) is shown as
     * {@code ********}; JSON and YAML keep it, so their output is a backup that {@code key load} restores.
     */
    static JsonNode shown(JsonNode keys, OutputOptions output) {
        if (output.json || output.yaml) {
            return keys;
        }
        JsonNode copy = keys.deepCopy();
        for (JsonNode k : copy.isArray() ? copy : List.of(copy)) {
            if (k instanceof ObjectNode o && o.path("encrypted").asBoolean(false)) {
                o.put("value", "********");
            }
        }
        return copy;
    }
}
