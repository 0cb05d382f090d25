package io.reflex.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.core.model.PackContent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Operator overrides of {@code enabled}, from {@code <packs>/overrides/_global.yaml} then
 * {@code <packs>/overrides/<pack>.yaml} (the pack file wins). Each file maps a content type
 * ({@code actions}, {@code sensors}, {@code rules}, {@code aliases}) to {@code defaults: {enabled: …}}
 * and {@code exceptions: {<name>: {enabled: …}}}.
 */
final class Overrides {
    private static final Set<String> TYPES = Set.of("actions", "sensors", "rules", "aliases");
    private static final Map<String, String> TYPE_OF =
            Map.of("action", "actions", "sensor_type", "sensors", "rule", "rules", "action_alias", "aliases");

    private final List<JsonNode> layers;

    private Overrides(List<JsonNode> layers) {
        this.layers = layers;
    }

    static Overrides read(Path packsDir, String pack, YamlReader yaml, List<ContentError> errors) {
        Path dir = packsDir.resolve("overrides");
        List<JsonNode> layers = new java.util.ArrayList<>();
        for (String name : List.of("_global", pack)) {
            Optional<YamlFile> f =
                    yaml.operatorFile(dir.resolve(name + ".yaml"), "overrides/" + name + ".yaml", errors);
            f.ifPresent(file -> {
                if (valid(file, errors)) {
                    layers.add(file.root());
                }
            });
        }
        return new Overrides(layers);
    }

    private static boolean valid(YamlFile file, List<ContentError> errors) {
        if (!file.root().isObject()) {
            errors.add(file.errorAt(List.of(), "expected a mapping of content types"));
            return false;
        }
        boolean ok = true;
        for (var it = file.root().fieldNames(); it.hasNext(); ) {
            String type = it.next();
            if (!TYPES.contains(type)) {
                errors.add(file.errorAtKey(
                        List.of(type),
                        "overrides may only cover actions, sensors, rules and aliases, not '" + type + "'"));
                ok = false;
            }
        }
        return ok;
    }

    <T extends PackContent> List<T> apply(List<T> items) {
        return items.stream().map(this::apply).toList();
    }

    @SuppressWarnings("unchecked")
    <T extends PackContent> T apply(T item) {
        Boolean enabled = null;
        String type = TYPE_OF.get(item.resourceType());
        for (JsonNode layer : layers) {
            JsonNode section = layer.path(type);
            JsonNode d = section.path("defaults").path("enabled");
            if (d.isBoolean()) {
                enabled = d.asBoolean();
            }
            JsonNode e = section.path("exceptions").path(item.name()).path("enabled");
            if (e.isBoolean()) {
                enabled = e.asBoolean();
            }
        }
        if (enabled == null) {
            return item;
        }
        ObjectNode tree = Json.mapper().valueToTree(item);
        tree.put("enabled", enabled);
        return (T) Json.mapper().convertValue(tree, item.getClass());
    }
}
