package io.reflex.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.reflex.core.model.ActionAlias;
import io.reflex.core.model.Policy;
import io.reflex.core.model.PolicyType;
import io.reflex.core.model.Rule;
import io.reflex.core.model.TriggerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks that need more than one file: a rule's action and trigger type exist and its trigger
 * parameters fit the trigger type; a policy's action exists and its parameters fit the policy type; an
 * alias's action exists. Items that fail are dropped (and reported); the rest of the pack is unaffected.
 */
final class CrossChecks {
    /** {@code format} annotates and never refuses: StackStorm validates without a format checker. */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_7,
            b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .formatAssertionsEnabled(false)
                    .build()));
    /** Compiled schemas by their JSON: many rules share one trigger type, many policies one policy type. */
    private static final java.util.Map<JsonNode, com.networknt.schema.Schema> COMPILED =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<JsonNode, com.networknt.schema.Schema> eldest) {
                    return size() > 256;
                }
            });

    /** What exists to refer to: registered content plus content being registered in the same batch. */
    interface Known {
        boolean action(String ref);

        Optional<TriggerType> triggerType(String ref);
    }

    private CrossChecks() {}

    static LoadedPack check(LoadedPack pack, Known known) {
        List<ContentError> errors = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        for (Rule r : pack.rules()) {
            if (rule(pack, r, known, errors)) {
                rules.add(r);
            }
        }
        List<Policy> policies = new ArrayList<>();
        for (Policy p : pack.policies()) {
            if (policy(pack, p, known, errors)) {
                policies.add(p);
            }
        }
        List<ActionAlias> aliases = new ArrayList<>();
        for (ActionAlias a : pack.aliases()) {
            if (known.action(a.actionRef())) {
                aliases.add(a);
            } else {
                errors.add(at(
                        pack,
                        a.metadataFile(),
                        List.of("action_ref"),
                        "alias '" + a.ref() + "': action '" + a.actionRef() + "' does not exist"));
            }
        }
        return pack.withReferencing(rules, policies, aliases).withErrors(errors);
    }

    private static boolean rule(LoadedPack pack, Rule r, Known known, List<ContentError> errors) {
        boolean ok = true;
        if (!known.action(r.action().ref())) {
            errors.add(at(
                    pack,
                    r.metadataFile(),
                    List.of("action", "ref"),
                    "rule '" + r.ref() + "': action '" + r.action().ref() + "' does not exist"));
            ok = false;
        }
        Optional<TriggerType> type = known.triggerType(r.trigger().type());
        if (type.isEmpty()) {
            errors.add(at(
                    pack,
                    r.metadataFile(),
                    List.of("trigger", "type"),
                    "rule '" + r.ref() + "': trigger type '" + r.trigger().type() + "' does not exist"));
            return false;
        }
        if (type.get().parameterised()) {
            for (Problem problem :
                    validate(type.get().parametersSchema(), r.trigger().parameters())) {
                errors.add(at(
                        pack,
                        r.metadataFile(),
                        problem.under("trigger", "parameters"),
                        "rule '" + r.ref() + "': trigger parameters: " + problem.text()));
                ok = false;
            }
        }
        return ok;
    }

    private static boolean policy(LoadedPack pack, Policy p, Known known, List<ContentError> errors) {
        boolean ok = true;
        if (!known.action(p.resourceRef())) {
            errors.add(at(
                    pack,
                    p.metadataFile(),
                    List.of("resource_ref"),
                    "policy '" + p.ref() + "': action '" + p.resourceRef() + "' does not exist"));
            ok = false;
        }
        PolicyType type = Catalogue.policyType(p.policyType()).orElseThrow();
        for (Problem problem : validate(PackConfigs.toJsonSchema(type.parameters()), p.parameters())) {
            errors.add(at(
                    pack,
                    p.metadataFile(),
                    problem.under("parameters"),
                    "policy '" + p.ref() + "': parameters: " + problem.text()));
            ok = false;
        }
        return ok;
    }

    /** One schema violation: where in the value ({@code path}) and what, as {@code field: message}. */
    record Problem(List<Object> path, String text) {
        List<Object> under(Object... base) {
            List<Object> p = new ArrayList<>(List.of(base));
            p.addAll(path);
            return p;
        }
    }

    /** Problems of {@code value} against {@code schema} (draft-3 {@code required: true} on a property honoured). */
    static List<Problem> validate(ObjectNode schema, JsonNode value) {
        List<Problem> out = new ArrayList<>();
        for (Error e : COMPILED.computeIfAbsent(
                        schema.deepCopy(), s -> REGISTRY.getSchema(withRequiredList((ObjectNode) s)))
                .validate(value)) {
            List<Object> path = new ArrayList<>();
            for (int i = 0; i < e.getInstanceLocation().getNameCount(); i++) {
                path.add(e.getInstanceLocation().getElement(i));
            }
            String message = e.getMessage().replaceFirst("^\\$[^:]*: ", "");
            if ("additionalProperties".equals(e.getKeyword()) && e.getProperty() != null) {
                path.add(e.getProperty());
                message = "unknown parameter '" + e.getProperty() + "'";
            } else if ("required".equals(e.getKeyword()) && e.getProperty() != null) {
                message = "missing required parameter '" + e.getProperty() + "'";
            }
            String field = ContentSchemas.fieldName(path);
            out.add(new Problem(
                    path, field.isEmpty() || message.contains("'" + field + "'") ? message : field + ": " + message));
        }
        return out;
    }

    /** The schema with its properties' draft-3 {@code required: true} moved into a {@code required} list. */
    private static ObjectNode withRequiredList(ObjectNode schema) {
        if (!(schema.get("properties") instanceof ObjectNode props)) {
            return schema;
        }
        ObjectNode converted = PackConfigs.toJsonSchema(props);
        ObjectNode out = schema.deepCopy();
        out.set("properties", converted.get("properties"));
        if (converted.get("required") instanceof ArrayNode listed) {
            ArrayNode required = out.get("required") instanceof ArrayNode a ? a : out.putArray("required");
            java.util.Set<String> have = new java.util.HashSet<>();
            required.forEach(r -> have.add(r.asText()));
            listed.forEach(r -> {
                if (have.add(r.asText())) {
                    required.add(r);
                }
            });
        }
        return out;
    }

    static ContentError at(LoadedPack pack, String metadataFile, List<Object> path, String message) {
        YamlFile f = pack.files().get(metadataFile);
        String prefix = pack.dir().getParent().getFileName() + "/" + pack.dir().getFileName() + "/";
        return f == null ? ContentError.of(prefix + metadataFile, message) : f.errorAt(path, message);
    }
}
