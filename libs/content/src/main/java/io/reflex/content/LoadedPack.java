package io.reflex.content;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.model.Action;
import io.reflex.core.model.ActionAlias;
import io.reflex.core.model.Pack;
import io.reflex.core.model.Policy;
import io.reflex.core.model.Rule;
import io.reflex.core.model.SensorType;
import io.reflex.core.model.TriggerType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What was read from one pack directory: the items that passed validation, and the errors of those
 * that did not (a bad file never keeps the others out). {@code pack} is null when the manifest itself
 * could not be read, and then nothing else was loaded. {@code warnings} are located problems that keep
 * nothing out (keys StackStorm ignores).
 */
public record LoadedPack(
        Path dir,
        Pack pack,
        List<Action> actions,
        List<SensorType> sensors,
        List<TriggerType> triggerTypes,
        List<Rule> rules,
        List<Policy> policies,
        List<ActionAlias> aliases,
        ObjectNode configSchema,
        ObjectNode config,
        PackArchive archive,
        Map<String, YamlFile> files,
        List<ContentError> errors,
        List<ContentError> warnings) {
    public LoadedPack {
        actions = List.copyOf(actions);
        sensors = List.copyOf(sensors);
        triggerTypes = List.copyOf(triggerTypes);
        rules = List.copyOf(rules);
        policies = List.copyOf(policies);
        aliases = List.copyOf(aliases);
        files = Map.copyOf(files);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public static LoadedPack failed(Path dir, List<ContentError> errors) {
        return new LoadedPack(
                dir, null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), null, null, null, Map.of(),
                errors, List.of());
    }

    /** The metadata files (relative to the pack) that had errors: what they defined before stays registered. */
    public Set<String> failedFiles() {
        String prefix = dir.getParent().getFileName() + "/" + dir.getFileName() + "/";
        return errors.stream()
                .map(ContentError::file)
                .filter(f -> f.startsWith(prefix))
                .map(f -> f.substring(prefix.length()))
                .collect(Collectors.toSet());
    }

    /** A copy with more errors (found by checks that need other packs or the store). */
    public LoadedPack withErrors(List<ContentError> more) {
        List<ContentError> all = new java.util.ArrayList<>(errors);
        all.addAll(more);
        return new LoadedPack(
                dir,
                pack,
                actions,
                sensors,
                triggerTypes,
                rules,
                policies,
                aliases,
                configSchema,
                config,
                archive,
                files,
                all,
                warnings);
    }

    /** A copy with only these rules, policies and aliases (the ones whose references resolve). */
    public LoadedPack withReferencing(List<Rule> newRules, List<Policy> newPolicies, List<ActionAlias> newAliases) {
        return new LoadedPack(
                dir,
                pack,
                actions,
                sensors,
                triggerTypes,
                newRules,
                newPolicies,
                newAliases,
                configSchema,
                config,
                archive,
                files,
                errors,
                warnings);
    }

    /** A copy with only these trigger types. */
    public LoadedPack withTriggerTypes(List<TriggerType> newTriggerTypes) {
        return new LoadedPack(
                dir,
                pack,
                actions,
                sensors,
                newTriggerTypes,
                rules,
                policies,
                aliases,
                configSchema,
                config,
                archive,
                files,
                errors,
                warnings);
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    /** The pack ref, or the directory name when the manifest could not be read. */
    public String ref() {
        return pack != null ? pack.ref() : dir.getFileName().toString();
    }
}
