package io.reflex.actionrunner.runners;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.content.ContentException;
import io.reflex.content.YamlFile;
import io.reflex.core.json.Json;
import io.reflex.templates.Templates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An action-chain definition (StackStorm's {@code models/system/actionchain.py}): {@code chain} (tasks with
 * {@code name}, {@code ref}, {@code params} or {@code parameters}, {@code on-success}, {@code on-failure},
 * {@code publish}, {@code notify}), {@code default} (the first task; else the first task no other task
 * points to, else the first listed) and {@code vars}. Pure: parsing and navigation only.
 */
record ChainSpec(List<Task> chain, String defaultTask, ObjectNode vars) {
    /** One task; {@code raw} is the task as written, which children see as {@code context.chain}. */
    record Task(
            String name,
            String ref,
            ObjectNode params,
            String onSuccess,
            String onFailure,
            ObjectNode publish,
            ObjectNode raw) {}

    /** The definition cannot be used; the message says why in StackStorm's words where it has them. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    /** Reads and checks the chain file. */
    static ChainSpec load(Path file) throws Invalid {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Invalid("Failed to parse action chain definition from \"" + file + "\": " + e);
        }
        try {
            return parse(YamlFile.parse(file.toString(), text).root());
        } catch (ContentException e) {
            throw new Invalid("Failed to parse action chain definition from \"" + file + "\": " + e.getMessage());
        }
    }

    static ChainSpec parse(JsonNode root) throws Invalid {
        if (!root.isObject()) {
            throw new Invalid("an action chain must be a mapping with a 'chain' list");
        }
        if (!root.path("chain").isArray()) {
            throw new Invalid("'chain' is a required property");
        }
        List<Task> tasks = new ArrayList<>();
        for (JsonNode t : root.get("chain")) {
            tasks.add(task(t));
        }
        ObjectNode vars = Json.objectOrEmpty(root.get("vars"));
        String declared = root.path("default").asText("");
        ChainSpec spec = new ChainSpec(List.copyOf(tasks), declared.isEmpty() ? inferDefault(tasks) : declared, vars);
        spec.validate();
        return spec;
    }

    private static Task task(JsonNode t) throws Invalid {
        if (!t.isObject() || !t.path("name").isTextual() || !t.path("ref").isTextual()) {
            throw new Invalid("each chain task needs a 'name' and a 'ref': " + t);
        }
        JsonNode params = t.has("params") ? t.get("params") : t.get("parameters");
        return new Task(
                t.get("name").asText(),
                t.get("ref").asText(),
                Json.objectOrEmpty(params),
                t.path("on-success").asText(""),
                t.path("on-failure").asText(""),
                Json.objectOrEmpty(t.get("publish")),
                (ObjectNode) t.deepCopy());
    }

    /** StackStorm's {@code _get_default}: the first task nothing points to, else the first task. */
    private static String inferDefault(List<Task> tasks) {
        if (tasks.isEmpty()) {
            return "";
        }
        Set<String> referenced = new HashSet<>();
        tasks.forEach(t -> {
            referenced.add(t.onSuccess());
            referenced.add(t.onFailure());
        });
        return tasks.stream()
                .map(Task::name)
                .filter(n -> !referenced.contains(n))
                .findFirst()
                .orElse(tasks.get(0).name());
    }

    /** Every named successor and the default exist (names that are Jinja expressions are not checked). */
    void validate() throws Invalid {
        if (chain.isEmpty()) {
            return;
        }
        if (defaultTask.isEmpty()) {
            throw new Invalid("Failed to find default node in the chain.");
        }
        for (Task t : chain) {
            check(
                    t.onSuccess(),
                    "Unable to find node with name \"%s\" referenced in \"on-success\" in task \"%s\".",
                    t);
            check(
                    t.onFailure(),
                    "Unable to find node with name \"%s\" referenced in \"on-failure\" in task \"%s\".",
                    t);
        }
        if (!Templates.isTemplate(defaultTask) && task(defaultTask) == null) {
            throw new Invalid("Unable to find node with name \"" + defaultTask + "\" referenced in \"default\".");
        }
    }

    private void check(String target, String message, Task from) throws Invalid {
        if (!target.isEmpty() && !Templates.isTemplate(target) && task(target) == null) {
            throw new Invalid(String.format(message, target, from.name()));
        }
    }

    /** The first task to run, or null for an empty chain. */
    Task first() {
        return chain.isEmpty() ? null : task(defaultTask);
    }

    /** The task named {@code name}, or null. */
    Task task(String name) {
        return chain.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * The task after {@code current} on success or failure; null when none is named.
     *
     * @throws Invalid when the named task does not exist
     */
    Task next(Task current, boolean success) throws Invalid {
        String name = success ? current.onSuccess() : current.onFailure();
        if (name.isEmpty()) {
            return null;
        }
        Task t = task(name);
        if (t == null) {
            throw new Invalid("Unable to find node with name \"" + name + "\".");
        }
        return t;
    }
}
