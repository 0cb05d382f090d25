package io.reflex.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.core.model.PolicyType;
import io.reflex.core.model.RunnerType;
import io.reflex.core.model.TriggerType;
import io.reflex.core.store.Ids;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runner types, policy types and system trigger types Reflex implements (bundled YAML), with ids
 * derived from their names so that every node registers the same records.
 */
public final class Catalogue {
    private static final Map<String, RunnerType> RUNNERS = loadRunners();
    private static final Map<String, PolicyType> POLICY_TYPES = loadPolicyTypes();
    private static final Map<String, TriggerType> SYSTEM_TRIGGER_TYPES = loadSystemTriggerTypes();

    /** The pack the engine's own trigger types belong to. */
    public static final String SYSTEM_PACK = "core";

    private Catalogue() {}

    public static List<RunnerType> runnerTypes() {
        return List.copyOf(RUNNERS.values());
    }

    public static Optional<RunnerType> runnerType(String name) {
        return Optional.ofNullable(RUNNERS.get(name));
    }

    public static List<PolicyType> policyTypes() {
        return List.copyOf(POLICY_TYPES.values());
    }

    /** By ref, e.g. {@code action.concurrency}. */
    public static Optional<PolicyType> policyType(String ref) {
        return Optional.ofNullable(POLICY_TYPES.get(ref));
    }

    /**
     * The trigger types built into the engine (webhook, timers, execution, notify, inquiry, file written,
     * sensor process and datastore triggers), in pack {@code core} and without a metadata file: they exist
     * whatever the {@code core} pack on disk holds.
     */
    public static List<TriggerType> systemTriggerTypes() {
        return List.copyOf(SYSTEM_TRIGGER_TYPES.values());
    }

    /** By ref, e.g. {@code core.st2.webhook}. */
    public static Optional<TriggerType> systemTriggerType(String ref) {
        return Optional.ofNullable(SYSTEM_TRIGGER_TYPES.get(ref));
    }

    private static JsonNode read(String resource) {
        try (InputStream in = Catalogue.class.getResourceAsStream(resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return YamlFile.parse(resource, text).root();
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }

    private static Map<String, RunnerType> loadRunners() {
        Map<String, RunnerType> out = new LinkedHashMap<>();
        for (JsonNode r : read("runners.yaml")) {
            String name = r.get("name").asText();
            out.put(
                    name,
                    new RunnerType(
                            Ids.derived("runner_type", name),
                            name,
                            r.path("description").asText(""),
                            true,
                            r.path("runner_package").asText(""),
                            r.path("runner_module").asText(""),
                            (ObjectNode) r.get("runner_parameters"),
                            r.path("output_key").asText(""),
                            Json.object()));
        }
        return out;
    }

    private static Map<String, PolicyType> loadPolicyTypes() {
        Map<String, PolicyType> out = new LinkedHashMap<>();
        List<PolicyType> list = new ArrayList<>();
        for (JsonNode p : read("policy_types.yaml")) {
            String name = p.get("name").asText();
            String resourceType = p.get("resource_type").asText();
            list.add(new PolicyType(
                    Ids.derived("policy_type", resourceType, name),
                    name,
                    resourceType,
                    p.path("description").asText(""),
                    true,
                    p.path("module").asText(""),
                    (ObjectNode) p.get("parameters")));
        }
        list.forEach(pt -> out.put(pt.ref(), pt));
        return out;
    }

    private static Map<String, TriggerType> loadSystemTriggerTypes() {
        Map<String, TriggerType> out = new LinkedHashMap<>();
        for (JsonNode t : read("system_triggers.yaml")) {
            String name = t.get("name").asText();
            TriggerType type = new TriggerType(
                    Ids.derived(ContentSchemas.Kind.TRIGGER_TYPE.name(), SYSTEM_PACK, name),
                    name,
                    SYSTEM_PACK,
                    t.path("description").asText(""),
                    copy(t.get("payload_schema")),
                    copy(t.get("parameters_schema")),
                    List.of(),
                    "");
            out.put(type.ref(), type);
        }
        return out;
    }

    /** A private copy: the timer types share one payload schema in the YAML. */
    private static ObjectNode copy(JsonNode schema) {
        return schema instanceof ObjectNode o ? o.deepCopy() : null;
    }
}
