package io.reflex.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.core.model.Action;
import io.reflex.core.model.ActionAlias;
import io.reflex.core.model.Names;
import io.reflex.core.model.Policy;
import io.reflex.core.model.PolicyType;
import io.reflex.core.model.Rule;
import io.reflex.core.model.TriggerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Content sent as a single document (the API's create and update bodies) rather than read from a pack
 * directory: the same schema, parameter and reference checks registration runs, so an item the API accepts
 * is one a pack could hold. The document must name its pack; the result has the id registration would
 * derive and the document's {@code metadata_file} (callers leave it empty for items created through the
 * API, so re-registering the pack keeps them, and keep it on updates). Entry point files are not
 * required to exist (StackStorm does not check them either), but may not point outside the pack.
 *
 * <p>Every method validates fully and throws {@link ContentException} listing all problems found, each
 * naming the field; nothing is written anywhere.
 */
public final class ItemDocuments {
    /** How API errors name the document. */
    static final String NAME = "request body";

    private ItemDocuments() {}

    public static Action action(ObjectNode doc) {
        YamlFile file = file(doc);
        List<ContentError> errors = new ArrayList<>();
        Optional<Action> a = reader(doc).action(file, metadataFile(doc), errors);
        return orThrow(a, errors);
    }

    public static TriggerType triggerType(ObjectNode doc) {
        List<ContentError> errors = new ArrayList<>();
        return orThrow(reader(doc).triggerType(file(doc), metadataFile(doc), errors), errors);
    }

    /**
     * A rule whose action exists and whose trigger type exists and accepts its trigger parameters.
     *
     * @param triggerTypes trigger types by ref
     */
    public static Rule rule(
            ObjectNode doc, Predicate<String> actionExists, Function<String, Optional<TriggerType>> triggerTypes) {
        YamlFile file = file(doc);
        List<ContentError> errors = new ArrayList<>();
        Optional<Rule> rule = reader(doc).rule(file, metadataFile(doc), errors);
        if (rule.isEmpty()) {
            throw new ContentException(errors);
        }
        Rule r = rule.get();
        if (!actionExists.test(r.action().ref())) {
            errors.add(file.errorAt(
                    List.of("action", "ref"),
                    "field 'action.ref': action '" + r.action().ref() + "' does not exist"));
        }
        Optional<TriggerType> type = triggerTypes.apply(r.trigger().type());
        if (type.isEmpty()) {
            errors.add(file.errorAt(
                    List.of("trigger", "type"),
                    "field 'trigger.type': trigger type '" + r.trigger().type() + "' does not exist"));
        } else if (type.get().parameterised()) {
            for (CrossChecks.Problem p : CrossChecks.validate(
                    type.get().parametersSchema(), r.trigger().parameters())) {
                errors.add(file.errorAt(p.under("trigger", "parameters"), "field 'trigger.parameters': " + p.text()));
            }
        }
        return orThrow(Optional.of(r), errors);
    }

    /**
     * Checks a trigger's parameters against its type's {@code parameters_schema}; a type without one takes
     * no parameters.
     */
    public static void triggerParameters(TriggerType type, ObjectNode parameters) {
        if (!type.parameterised()) {
            if (!parameters.isEmpty()) {
                throw new ContentException(ContentError.of(
                        NAME, "field 'parameters': trigger type '" + type.ref() + "' takes no parameters"));
            }
            return;
        }
        List<ContentError> errors = new ArrayList<>();
        for (CrossChecks.Problem p : CrossChecks.validate(type.parametersSchema(), parameters)) {
            errors.add(ContentError.of(NAME, "field 'parameters': " + p.text()));
        }
        if (!errors.isEmpty()) {
            throw new ContentException(errors);
        }
    }

    /** A policy of a known type on an existing action, with parameters that fit the type. */
    public static Policy policy(ObjectNode doc, Predicate<String> actionExists) {
        YamlFile file = file(doc);
        List<ContentError> errors = new ArrayList<>();
        Optional<Policy> policy = reader(doc).policy(file, metadataFile(doc), errors);
        if (policy.isEmpty()) {
            throw new ContentException(errors);
        }
        Policy p = policy.get();
        if (!actionExists.test(p.resourceRef())) {
            errors.add(file.errorAt(
                    List.of("resource_ref"), "field 'resource_ref': action '" + p.resourceRef() + "' does not exist"));
        }
        PolicyType type = Catalogue.policyType(p.policyType()).orElseThrow();
        for (CrossChecks.Problem problem :
                CrossChecks.validate(PackConfigs.toJsonSchema(type.parameters()), p.parameters())) {
            errors.add(file.errorAt(problem.under("parameters"), "field 'parameters': " + problem.text()));
        }
        return orThrow(Optional.of(p), errors);
    }

    /** An alias of an existing action. */
    public static ActionAlias alias(ObjectNode doc, Predicate<String> actionExists) {
        YamlFile file = file(doc);
        List<ContentError> errors = new ArrayList<>();
        Optional<ActionAlias> alias = reader(doc).alias(file, metadataFile(doc), errors);
        if (alias.isPresent() && !actionExists.test(alias.get().actionRef())) {
            errors.add(file.errorAt(
                    List.of("action_ref"),
                    "field 'action_ref': action '" + alias.get().actionRef() + "' does not exist"));
        }
        return orThrow(alias, errors);
    }

    /**
     * A pack config checked against the pack's config schema (StackStorm's {@code config.schema.yaml}
     * property map), with the schema's defaults filled in.
     */
    public static ObjectNode config(ObjectNode schema, JsonNode values) {
        List<ContentError> errors = new ArrayList<>();
        if (!values.isObject()) {
            throw new ContentException(ContentError.of(NAME, "expected a mapping of config keys"));
        }
        ObjectNode config = PackConfigs.apply(schema, YamlFile.parse(NAME, lines(values)), errors);
        if (!errors.isEmpty()) {
            throw new ContentException(errors);
        }
        return config;
    }

    /** {@code value} as block-style YAML (how configs are written to {@code configs/<pack>.yaml}). */
    public static String toYaml(JsonNode value) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Object plain = Json.mapper().convertValue(value, Object.class);
        return new Yaml(options).dump(plain == null ? Map.of() : plain);
    }

    private static ItemReader reader(ObjectNode doc) {
        JsonNode pack = doc.get("pack");
        if (pack == null || pack.isNull() || (pack.isTextual() && pack.asText().isBlank())) {
            throw new ContentException(ContentError.of(NAME, "missing required field 'pack'"));
        }
        if (!pack.isTextual()) {
            throw new ContentException(
                    ContentError.of(NAME, "field 'pack': expected string, got " + ContentSchemas.jsonType(pack)));
        }
        return new ItemReader(pack.asText(), null);
    }

    /** The document's own {@code metadata_file} (callers set it: empty for new items, kept on updates). */
    private static String metadataFile(ObjectNode doc) {
        JsonNode m = doc.get("metadata_file");
        return m != null && m.isTextual() ? m.asText() : "";
    }

    /**
     * The document as a content file. Its names are checked first ({@link Names}), on the JSON text itself:
     * YAML would fold some control characters (U+0085, U+2028) into spaces and hide them.
     */
    private static YamlFile file(ObjectNode doc) {
        List<ContentError> errors = new ArrayList<>();
        for (String field : List.of("name", "pack")) {
            JsonNode v = doc.get(field);
            if (v != null && v.isTextual()) {
                Names.problem(field, v.asText()).ifPresent(p -> errors.add(ContentError.of(NAME, p)));
            }
        }
        if (!errors.isEmpty()) {
            throw new ContentException(errors);
        }
        return YamlFile.parse(NAME, lines(doc));
    }

    /** {@code value} as JSON with one value per line (YAML lines are bounded; see {@link YamlFile}). */
    private static String lines(JsonNode value) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static <T> T orThrow(Optional<T> item, List<ContentError> errors) {
        if (!errors.isEmpty() || item.isEmpty()) {
            throw new ContentException(errors.isEmpty() ? List.of(ContentError.of(NAME, "invalid document")) : errors);
        }
        return item.get();
    }
}
