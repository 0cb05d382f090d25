package io.reflex.content;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.core.model.Action;
import io.reflex.core.model.ActionAlias;
import io.reflex.core.model.Names;
import io.reflex.core.model.Pack;
import io.reflex.core.model.PackContent;
import io.reflex.core.model.Policy;
import io.reflex.core.model.Rule;
import io.reflex.core.model.SensorType;
import io.reflex.core.model.TriggerType;
import io.reflex.core.store.Ids;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads pack directories in StackStorm's format. Every problem becomes a located {@link ContentError};
 * a bad file is left out and the rest of the pack still loads. Overrides
 * ({@code <packs>/overrides/_global.yaml} and {@code <pack>.yaml}) may change only {@code enabled}.
 */
public final class PackLoader {
    private static final Pattern REF = Pattern.compile("^[a-z0-9_]+$");
    private static final Set<String> RESERVED = Set.of("_global");

    private final Path configsDir;
    private final YamlReader yaml;

    /** @param configsDir where operators keep {@code <pack>.yaml} configs (may not exist) */
    public PackLoader(Path configsDir) {
        this(configsDir, YamlReader.DEFAULT);
    }

    /**
     * @param configsDir where operators keep {@code <pack>.yaml} configs (may not exist)
     * @param yaml how content files are read (size and parser bounds)
     */
    public PackLoader(Path configsDir, YamlReader yaml) {
        this.configsDir = configsDir;
        this.yaml = yaml;
    }

    /** Loads every pack directory (one holding a {@code pack.yaml}) directly under {@code packsDir}, by name. */
    public List<LoadedPack> loadAll(Path packsDir) {
        try (Stream<Path> dirs = Files.list(packsDir)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("pack.yaml")))
                    .sorted()
                    .map(this::load)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing packs in " + packsDir, e);
        }
    }

    public LoadedPack load(Path packDir) {
        Path dir = packDir.toAbsolutePath().normalize();
        String display = display(dir);
        List<ContentError> errors = new ArrayList<>();
        List<ContentError> warnings = new ArrayList<>();
        PackFiles.Scan scan = PackFiles.scan(dir, display);
        errors.addAll(scan.refused());
        Reading r = new Reading(dir, display, Set.copyOf(scan.files()), yaml, errors);
        Optional<Pack> manifest = manifest(r, warnings);
        if (manifest.isEmpty()) {
            return LoadedPack.failed(dir, errors);
        }
        String ref = manifest.get().ref();
        ItemReader reader = new ItemReader(ref, dir, warnings);
        List<Action> actions = r.read("actions", reader::action);
        WorkflowChecks.check(dir, actions, r::file, r.files::get, warnings);
        List<ItemReader.SensorWithTriggers> sensorFiles = r.read("sensors", reader::sensor);
        List<TriggerType> triggerTypes = new ArrayList<>(r.read("triggers", reader::triggerType));
        sensorFiles.forEach(s -> triggerTypes.addAll(s.triggerTypes()));
        List<Rule> rules = r.read("rules", reader::rule);
        List<Policy> policies = r.read("policies", reader::policy);
        List<ActionAlias> aliases = r.read("aliases", reader::alias);
        List<SensorType> sensors =
                sensorFiles.stream().map(ItemReader.SensorWithTriggers::sensor).toList();

        Overrides overrides = Overrides.read(dir.getParent(), ref, yaml, errors);
        ObjectNode schema = null;
        ObjectNode config = null;
        Optional<YamlFile> schemaFile = r.file("config.schema.yaml");
        if (schemaFile.isPresent()) {
            List<ContentError> schemaErrors = PackConfigs.checkSchema(schemaFile.get());
            errors.addAll(schemaErrors);
            if (schemaErrors.isEmpty()) {
                schema = (ObjectNode) schemaFile.get().root();
                Path configPath = configsDir.resolve(ref + ".yaml");
                YamlFile configFile = yaml.operatorFile(configPath, configPath.toString(), errors)
                        .orElse(null);
                config = PackConfigs.apply(schema, configFile, errors);
            }
        }
        PackArchive archive;
        try {
            archive = PackArchive.of(scan);
        } catch (ContentException e) {
            errors.addAll(e.errors());
            return LoadedPack.failed(dir, errors);
        }
        Pack pack = withHash(manifest.get(), archive);
        return new LoadedPack(
                dir,
                pack,
                overrides.apply(actions),
                sensors.stream().map(overrides::apply).toList(),
                triggerTypes,
                overrides.apply(rules),
                policies,
                overrides.apply(aliases),
                schema,
                config,
                archive,
                r.files,
                errors,
                warnings);
    }

    private Optional<Pack> manifest(Reading r, List<ContentError> warnings) {
        Path dir = r.dir;
        List<ContentError> errors = r.errors;
        Optional<YamlFile> file = r.file("pack.yaml");
        if (file.isEmpty()) {
            if (errors.isEmpty()) {
                errors.add(ContentError.of(r.display + "/pack.yaml", "pack.yaml is missing"));
            }
            return Optional.empty();
        }
        YamlFile f = file.get();
        if (!f.root().isObject()) {
            errors.add(f.errorAt(List.of(), "expected a mapping of fields, got " + ContentSchemas.jsonType(f.root())));
            return Optional.empty();
        }
        ContentSchemas.Checked checked = ContentSchemas.check(ContentSchemas.Kind.PACK, f, true);
        if (!checked.errors().isEmpty()) {
            errors.addAll(checked.errors());
            return Optional.empty();
        }
        warnings.addAll(checked.warnings());
        ObjectNode node = (ObjectNode) checked.cleaned();
        for (String field : List.of("name", "ref")) {
            JsonNode v = node.get(field);
            Optional<String> problem = v != null && v.isTextual() ? Names.problem(field, v.asText()) : Optional.empty();
            if (problem.isPresent()) {
                errors.add(f.errorAt(List.of(field), problem.get()));
                return Optional.empty();
            }
        }
        Optional<String> ref = resolveRef(node, dir.getFileName().toString());
        if (ref.isEmpty()) {
            errors.add(f.errorAt(
                    List.of("name"),
                    "cannot derive the pack ref from the directory name or 'name': "
                            + "add 'ref' (lower-case letters, digits and '_')"));
            return Optional.empty();
        }
        if (RESERVED.contains(ref.get())) {
            errors.add(f.errorAt(List.of(), "pack ref '" + ref.get() + "' is reserved"));
            return Optional.empty();
        }
        node.put("ref", ref.get());
        node.put("id", Ids.derived("pack", ref.get()));
        node.put("path", dir.toString());
        try {
            return Optional.of(Json.mapper().treeToValue(node, Pack.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            errors.add(f.errorAt(List.of(), String.valueOf(e.getMessage())));
            return Optional.empty();
        }
    }

    /** StackStorm's order: explicit {@code ref}, else the directory name, else {@code name}, if they fit. */
    static Optional<String> resolveRef(JsonNode manifest, String dirName) {
        if (manifest.hasNonNull("ref")) {
            return Optional.of(manifest.get("ref").asText());
        }
        if (REF.matcher(dirName).matches()) {
            return Optional.of(dirName);
        }
        String name = manifest.path("name").asText("");
        return REF.matcher(name).matches() ? Optional.of(name) : Optional.empty();
    }

    private static Pack withHash(Pack p, PackArchive archive) {
        return new Pack(
                p.id(),
                p.ref(),
                p.name(),
                p.description(),
                p.keywords(),
                p.version(),
                p.stackstormVersion(),
                p.pythonVersions(),
                p.author(),
                p.email(),
                p.contributors(),
                archive.files(),
                p.path(),
                p.dependencies(),
                p.system(),
                archive.hash());
    }

    /** One pass over a pack's content directories: remembers parsed files and which refs were seen. */
    private static final class Reading {
        final Path dir;
        final String display;
        final Set<String> accepted;
        final YamlReader yaml;
        final List<ContentError> errors;
        final Map<String, String> seen = new HashMap<>();
        final Map<String, YamlFile> files = new HashMap<>();

        Reading(Path dir, String display, Set<String> accepted, YamlReader yaml, List<ContentError> errors) {
            this.dir = dir;
            this.display = display;
            this.accepted = accepted;
            this.yaml = yaml;
            this.errors = errors;
        }

        /** The pack file {@code rel}, parsed; empty when absent, or refused by the scan (already reported). */
        Optional<YamlFile> file(String rel) {
            if (!accepted.contains(rel)) {
                return Optional.empty();
            }
            return yaml.packFile(dir, dir.resolve(rel), display + "/" + rel, errors);
        }

        <T> List<T> read(String sub, ItemParser<T> parser) {
            Path d = dir.resolve(sub);
            if (!Files.isDirectory(d)) {
                return List.of();
            }
            List<T> out = new ArrayList<>();
            for (Path file : yamlFiles(d)) {
                String rel = sub + "/" + file.getFileName();
                String name = display + "/" + rel;
                Optional<YamlFile> yaml = file(rel);
                if (yaml.isEmpty()) {
                    continue;
                }
                files.put(rel, yaml.get());
                parser.parse(yaml.get(), rel, errors).ifPresent(item -> {
                    String key = identity(item);
                    String previous = seen.putIfAbsent(key, name);
                    if (previous != null) {
                        errors.add(yaml.get()
                                .errorAt(List.of(), "duplicate " + key + " (already defined in " + previous + ")"));
                    } else {
                        out.add(item);
                    }
                });
            }
            return out;
        }
    }

    /** A kind-qualified ref, used to detect the same item defined twice in one pack. */
    private static String identity(Object item) {
        if (item instanceof ItemReader.SensorWithTriggers s) {
            return identity(s.sensor());
        }
        PackContent c = (PackContent) item;
        return c.resourceType().replace('_', ' ') + " '" + c.ref() + "'";
    }

    static List<Path> yamlFiles(Path d) {
        try (Stream<Path> files = Files.list(d)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + d, e);
        }
    }

    /** {@code packs/<dir>} for a pack at {@code .../packs/<dir>}: how errors name files. */
    private static String display(Path dir) {
        Path parent = dir.getParent();
        return (parent == null || parent.getFileName() == null ? "" : parent.getFileName() + "/") + dir.getFileName();
    }

    @FunctionalInterface
    interface ItemParser<T> {
        Optional<T> parse(YamlFile file, String rel, List<ContentError> errors);
    }
}
