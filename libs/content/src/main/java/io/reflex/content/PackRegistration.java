package io.reflex.content;

import io.reflex.core.model.Pack;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Registration of the packs of the pack directories (see {@link PackRoots}): what {@code reflex pack register}, the API's
 * {@code POST /packs/register} and the directory watcher call. A pack whose files hash to the version
 * already registered (and whose config is unchanged) is skipped without being parsed, so re-registering
 * unchanged content costs one read of its files.
 */
public final class PackRegistration {
    private final StateStore store;
    private final PackRoots roots;
    private final PackLoader loader;
    private final Registrar registrar;

    public PackRegistration(StateStore store, Path packsDir, Path configsDir, Clock clock) {
        this(store, packsDir, configsDir, clock, YamlReader.DEFAULT);
    }

    /** @param yaml how content files are read (size and parser bounds) */
    public PackRegistration(StateStore store, Path packsDir, Path configsDir, Clock clock, YamlReader yaml) {
        this(store, PackRoots.of(packsDir), configsDir, clock, yaml);
    }

    /** @param roots the system and user pack directories registered */
    public PackRegistration(StateStore store, PackRoots roots, Path configsDir, Clock clock, YamlReader yaml) {
        this.store = store;
        this.roots = roots;
        this.loader = new PackLoader(configsDir, yaml);
        this.registrar = new Registrar(store, clock);
    }

    /** The writable directory of user packs. */
    public Path packsDir() {
        return roots.userDir();
    }

    public PackRoots roots() {
        return roots;
    }

    /**
     * Registers what the engine itself defines (runner types, policy types, system trigger types), with or
     * without a packs directory.
     */
    public void registerCatalogue() {
        registrar.registerCatalogue();
    }

    /** Registers runner, policy and system trigger types, then every pack of the directory. */
    public List<RegistrationResult> registerAll() {
        registrar.registerCatalogue();
        return registerDirs(packDirs());
    }

    /**
     * Unregisters the packs that were registered from {@code dir}, a pack directory that no longer exists
     * (its records and content go, as with {@code packs.uninstall}). Nothing happens when none was.
     *
     * @return the refs of the packs unregistered
     */
    public List<String> unregisterRemoved(Path dir) {
        String path = dir.toAbsolutePath().normalize().toString();
        List<String> refs = store.store(Kinds.PACK).find(Query.of(Filter.eq("path", path))).stream()
                .map(Pack::ref)
                .toList();
        refs.forEach(ref -> PackRemoval.unregister(store, ref));
        return refs;
    }

    /** Registers the named packs (directory names under the system or the user packs directory). */
    public List<RegistrationResult> register(List<String> names) {
        List<Path> dirs = new ArrayList<>();
        for (String n : names) {
            dirs.add(roots.find(n)
                    .orElseThrow(() -> new ContentException(
                            ContentError.of("packs/" + n, "no pack named '" + n + "' in " + roots))));
        }
        registrar.registerCatalogue();
        return registerDirs(dirs);
    }

    private List<RegistrationResult> registerDirs(List<Path> dirs) {
        List<LoadedPack> changed = new ArrayList<>();
        List<RegistrationResult> results = new ArrayList<>();
        for (Path d : dirs) {
            Optional<RegistrationResult> skipped = unchanged(d);
            if (skipped.isPresent()) {
                results.add(skipped.get());
            } else {
                changed.add(loader.load(d));
            }
        }
        results.addAll(registrar.register(changed));
        return results;
    }

    /**
     * A result without work when the directory's content hash is the registered one, it has no config,
     * nothing in it is refused and the registered version had no errors (errors are reported again by a
     * full load, on every registration).
     */
    private Optional<RegistrationResult> unchanged(Path dir) {
        String name = dir.getFileName().toString();
        Optional<Pack> stored = store.store(Kinds.PACK).get(Ids.derived("pack", name));
        if (stored.isEmpty() || !stored.get().errors().isEmpty() || Files.exists(dir.resolve("config.schema.yaml"))) {
            return Optional.empty();
        }
        PackFiles.Scan scan = PackFiles.scan(dir, name);
        if (!scan.refused().isEmpty()) {
            return Optional.empty();
        }
        String hash;
        try {
            hash = PackArchive.hashOf(scan);
        } catch (ContentException e) {
            return Optional.empty();
        }
        if (!hash.equals(stored.get().contentHash())) {
            return Optional.empty();
        }
        return Optional.of(
                new RegistrationResult(stored.get().ref(), hash, false, false, java.util.Map.of(), List.of()));
    }

    List<Path> packDirs() {
        return roots.packDirs();
    }
}
