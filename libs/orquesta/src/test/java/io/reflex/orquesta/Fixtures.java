package io.reflex.orquesta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/** Workflow definitions for tests: YAML text or a resource under {@code workflows/}, loaded to JSON. */
final class Fixtures {
    static final Workflows WORKFLOWS = Workflows.standard();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    static JsonNode yaml(String text) {
        Object loaded = new Yaml().load(text);
        return JSON.valueToTree(loaded);
    }

    static String resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/workflows/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture workflows/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Inspection inspect(String text) {
        return WORKFLOWS.inspect(yaml(text), Workflows.STACKSTORM_CONTEXT);
    }

    static WorkflowSpec read(String text) {
        return WORKFLOWS.read(yaml(text));
    }

    static WorkflowGraph graph(String text) {
        return WORKFLOWS.graph(read(text));
    }

    static Set<String> none() {
        return Set.of();
    }
}
