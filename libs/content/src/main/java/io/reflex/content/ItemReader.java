package io.reflex.content;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.core.model.Action;
import io.reflex.core.model.ActionAlias;
import io.reflex.core.model.Names;
import io.reflex.core.model.Policy;
import io.reflex.core.model.Rule;
import io.reflex.core.model.RunnerType;
import io.reflex.core.model.SensorType;
import io.reflex.core.model.TriggerType;
import io.reflex.core.store.Ids;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one validated content file into its record: fills in pack, id (derived from kind, pack and name,
 * so re-registration keeps ids) and {@code metadata_file}, and runs the checks that need more than the
 * schema (runner known, entry point present, parameters well-formed and mergeable).
 */
final class ItemReader {
    /** Runners whose entry point names a file under {@code actions/}. */
    static final Set<String> FILE_RUNNERS = Set.of(
            "local-shell-script",
            "remote-shell-script",
            "python-script",
            "action-chain",
            "orquesta",
            "winrm-ps-script");

    private final String pack;
    private final Path packDir;
    private final List<ContentError> warnings;

    /**
     * A strict reader (unknown keys are errors), for documents sent through the API.
     *
     * @param packDir the pack's directory, or null when the content was not read from one (entry points unchecked)
     */
    ItemReader(String pack, Path packDir) {
        this(pack, packDir, null);
    }

    /**
     * @param packDir the pack's directory, or null when the content was not read from one (entry points unchecked)
     * @param warnings where unknown keys are reported as warnings (and then ignored); null makes them errors
     */
    ItemReader(String pack, Path packDir, List<ContentError> warnings) {
        this.pack = pack;
        this.packDir = packDir;
        this.warnings = warnings;
    }

    /** Common preparation: schema check, pack field, id and metadata file. Empty when the file is invalid. */
    private Optional<ObjectNode> prepare(
            ContentSchemas.Kind kind, YamlFile file, String rel, String nameField, List<ContentError> errors) {
        if (!file.root().isObject()) {
            errors.add(file.errorAt(
                    List.of(), "expected a mapping of fields, got " + ContentSchemas.jsonType(file.root())));
            return Optional.empty();
        }
        ContentSchemas.Checked checked = ContentSchemas.check(kind, file, warnings != null);
        ObjectNode node = (ObjectNode) checked.cleaned();
        if (!goodNames(file, node, List.of(nameField, "pack"), errors)) {
            return Optional.empty();
        }
        if (!checked.errors().isEmpty()) {
            errors.addAll(checked.errors());
            return Optional.empty();
        }
        if (warnings != null) {
            warnings.addAll(checked.warnings());
        }
        JsonNode declared = node.get("pack");
        if (declared != null && !declared.asText().equals(pack)) {
            errors.add(file.errorAt(
                    List.of("pack"),
                    "field 'pack': '" + declared.asText() + "' does not match the pack '" + pack + "' it is in"));
            return Optional.empty();
        }
        node.put("pack", pack);
        node.put("id", Ids.derived(kind.name(), pack, node.get(nameField).asText()));
        node.put("metadata_file", rel);
        node.remove(List.of("ref", "uid"));
        return Optional.of(node);
    }

    /** Whether the text {@code fields} of {@code node} obey {@link Names}; the problems go to {@code errors}. */
    private static boolean goodNames(YamlFile file, ObjectNode node, List<String> fields, List<ContentError> errors) {
        boolean good = true;
        for (String field : fields) {
            JsonNode v = node.get(field);
            Optional<String> problem = v != null && v.isTextual() ? Names.problem(field, v.asText()) : Optional.empty();
            if (problem.isPresent()) {
                errors.add(file.errorAt(List.of(field), problem.get()));
                good = false;
            }
        }
        return good;
    }

    Optional<Action> action(YamlFile file, String rel, List<ContentError> errors) {
        Optional<ObjectNode> prepared = prepare(ContentSchemas.Kind.ACTION, file, rel, "name", errors);
        if (prepared.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode node = prepared.get();
        node.putIfAbsent("enabled", Json.mapper().getNodeFactory().booleanNode(true));
        List<ContentError> found = new ArrayList<>();
        String runnerName = node.get("runner_type").asText();
        Optional<RunnerType> runner = Catalogue.runnerType(runnerName);
        if (runner.isEmpty()) {
            found.add(file.errorAt(
                    List.of("runner_type"),
                    "unknown runner type '" + runnerName + "' (known: "
                            + String.join(
                                    ", ",
                                    Catalogue.runnerTypes().stream()
                                            .map(RunnerType::name)
                                            .toList()) + ")"));
        }
        ObjectNode params = ParameterSchemas.parameters(node.get("parameters"));
        found.addAll(ParameterSchemas.check(file, params, List.of("parameters")));
        if (found.isEmpty() && runner.isPresent()) {
            ParameterSchemas.merge(file, List.of("parameters"), runner.get().runnerParameters(), params, found);
        }
        String entryPoint = node.path("entry_point").asText("");
        if (FILE_RUNNERS.contains(runnerName)) {
            checkEntryPoint(file, entryPoint, "actions", found);
        }
        errors.addAll(found);
        return found.isEmpty() ? convert(file, node, Action.class, errors) : Optional.empty();
    }

    private void checkEntryPoint(YamlFile file, String entryPoint, String dir, List<ContentError> errors) {
        if (entryPoint.isEmpty()) {
            errors.add(file.errorAt(List.of(), "missing required field 'entry_point' for this runner"));
            return;
        }
        // Without a directory (a document sent through the API) only the path itself can be checked.
        Path root = packDir == null ? Path.of("/pack") : packDir.normalize();
        Path target = root.resolve(dir).resolve(entryPoint).normalize();
        if (!target.startsWith(root)) {
            errors.add(file.errorAt(
                    List.of("entry_point"), "field 'entry_point': '" + entryPoint + "' points outside the pack"));
        } else if (packDir != null) {
            entryPointFile(root, target)
                    .ifPresent(problem -> errors.add(file.errorAt(
                            List.of("entry_point"),
                            "field 'entry_point': file '" + dir + "/" + entryPoint + "' " + problem)));
        }
    }

    /** What is wrong with the entry point file, if anything: it must be a regular file inside the pack. */
    private static Optional<String> entryPointFile(Path root, Path target) {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of("does not exist");
        }
        try {
            PackFiles.checked(root, target, target.toString());
            return Optional.empty();
        } catch (ContentException e) {
            return Optional.of(e.errors().get(0).message());
        } catch (IOException e) {
            return Optional.of("cannot be read (a link to nothing?)");
        }
    }

    /** A sensor and the trigger types it declares. */
    record SensorWithTriggers(SensorType sensor, List<TriggerType> triggerTypes) {}

    Optional<SensorWithTriggers> sensor(YamlFile file, String rel, List<ContentError> errors) {
        Optional<ObjectNode> prepared = prepare(ContentSchemas.Kind.SENSOR, file, rel, "class_name", errors);
        if (prepared.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode node = prepared.get();
        node.put("name", node.get("class_name").asText());
        node.putIfAbsent("enabled", Json.mapper().getNodeFactory().booleanNode(true));
        List<ContentError> found = new ArrayList<>();
        checkEntryPoint(file, node.path("entry_point").asText(""), "sensors", found);
        List<TriggerType> triggers = new ArrayList<>();
        ArrayNode refs = Json.mapper().createArrayNode();
        JsonNode declared = node.path("trigger_types");
        for (int i = 0; i < declared.size(); i++) {
            ObjectNode t = ((ObjectNode) declared.get(i)).deepCopy();
            if (!goodNames(file, t, List.of("name", "pack"), found)) {
                continue;
            }
            String tPack = t.path("pack").asText(pack);
            t.put("pack", tPack);
            t.put(
                    "id",
                    Ids.derived(
                            ContentSchemas.Kind.TRIGGER_TYPE.name(),
                            tPack,
                            t.get("name").asText()));
            t.put("metadata_file", rel);
            convert(file, t, TriggerType.class, found).ifPresent(tt -> {
                triggers.add(tt);
                refs.add(tt.ref());
            });
        }
        node.set("trigger_types", refs);
        errors.addAll(found);
        if (!found.isEmpty()) {
            return Optional.empty();
        }
        return convert(file, node, SensorType.class, errors).map(s -> new SensorWithTriggers(s, triggers));
    }

    Optional<TriggerType> triggerType(YamlFile file, String rel, List<ContentError> errors) {
        return prepare(ContentSchemas.Kind.TRIGGER_TYPE, file, rel, "name", errors)
                .flatMap(node -> convert(file, node, TriggerType.class, errors));
    }

    Optional<Rule> rule(YamlFile file, String rel, List<ContentError> errors) {
        return prepare(ContentSchemas.Kind.RULE, file, rel, "name", errors).flatMap(node -> {
            // StackStorm's rule default: a rule is disabled unless it says enabled: true.
            node.putIfAbsent("enabled", Json.mapper().getNodeFactory().booleanNode(false));
            return convert(file, node, Rule.class, errors);
        });
    }

    Optional<Policy> policy(YamlFile file, String rel, List<ContentError> errors) {
        return prepare(ContentSchemas.Kind.POLICY, file, rel, "name", errors).flatMap(node -> {
            node.putIfAbsent("enabled", Json.mapper().getNodeFactory().booleanNode(true));
            String type = node.get("policy_type").asText();
            if (Catalogue.policyType(type).isEmpty()) {
                errors.add(file.errorAt(
                        List.of("policy_type"),
                        "unknown policy type '" + type + "' (known: "
                                + String.join(
                                        ", ",
                                        Catalogue.policyTypes().stream()
                                                .map(p -> p.ref())
                                                .toList()) + ")"));
                return Optional.empty();
            }
            return convert(file, node, Policy.class, errors);
        });
    }

    Optional<ActionAlias> alias(YamlFile file, String rel, List<ContentError> errors) {
        return prepare(ContentSchemas.Kind.ALIAS, file, rel, "name", errors).flatMap(node -> {
            List<AliasFormatSyntax.FieldProblem> problems = AliasFormatSyntax.check(node.path("formats"));
            if (!problems.isEmpty()) {
                problems.forEach(p -> errors.add(file.errorAt(p.path(), p.message())));
                return Optional.empty();
            }
            node.putIfAbsent("enabled", Json.mapper().getNodeFactory().booleanNode(true));
            return convert(file, node, ActionAlias.class, errors);
        });
    }

    private static <T> Optional<T> convert(YamlFile file, ObjectNode node, Class<T> type, List<ContentError> errors) {
        try {
            return Optional.of(Json.mapper().treeToValue(node, type));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            errors.add(file.errorAt(List.of(), String.valueOf(root.getMessage())));
            return Optional.empty();
        }
    }
}
