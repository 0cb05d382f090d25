package io.reflex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.cli.client.ApiClient;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code enable}/{@code disable} of a resource that has an {@code enabled} field (rules, sensors): reads it,
 * sets {@code enabled}, writes it back with PUT, as st2 does.
 */
abstract class EnableToggle extends ClientCommand {
    @Parameters(index = "0", paramLabel = "REF", description = "reference or id")
    String ref;

    @Mixin
    OutputOptions output;

    private final String collection;
    private final boolean enabled;

    /**
     * @param collection the collection's path under /api/v1, e.g. {@code /rules}
     * @param enabled the value to write
     */
    EnableToggle(String collection, boolean enabled) {
        this.collection = collection;
        this.enabled = enabled;
    }

    @Override
    int run(Session session) {
        String path = collection + "/" + ApiClient.segment(ref);
        ObjectNode resource = (ObjectNode) session.api().get(path);
        resource.put("enabled", enabled);
        JsonNode updated = session.api().put(path, resource);
        output.output(out(), cli()).record(updated, output.columns(List.of("ref", "enabled")), output.chosen());
        return 0;
    }
}
