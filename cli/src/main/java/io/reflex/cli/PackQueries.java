package io.reflex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.cli.client.ApiClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code reflex pack list|get}: the registered packs, through the API (register/install work on the store). */
final class PackQueries {
    static final List<String> COLUMNS = List.of("ref", "name", "description", "version", "author");

    private PackQueries() {}

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the registered packs.",
            footer = {"", "Examples:", "  reflex pack list", "  reflex pack list -a ref,version --json"})
    static final class ListPacks extends ResourceCommands.ListAll {
        ListPacks() {
            super("/packs", COLUMNS);
        }
    }

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "Show one registered pack.",
            footer = {"", "Examples:", "  reflex pack get examples", "  reflex pack get core --yaml"})
    static final class Get extends ClientCommand {
        @Parameters(index = "0", paramLabel = "PACK", description = "pack reference or id")
        String ref;

        @Mixin
        OutputOptions output;

        @Override
        int run(Session session) {
            JsonNode pack = session.api().get("/packs/" + ApiClient.segment(ref));
            output.output(out(), cli()).record(pack, output.attributes, output.chosen());
            return 0;
        }
    }
}
