package io.reflex.content;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs packs into the packs directory from a local directory or a git URL ({@code <source>[=ref]}):
 * checks the manifest and the {@code dependencies} (installing the ones given as sources, requiring the
 * ones given by name to be installed in a matching version), replaces any installed copy, and gives a pack
 * with a {@code requirements.txt} and Python content its own virtualenv. A failed install leaves the
 * previously installed copy in place. Registration is the caller's next step. A source holding anything
 * {@link PackFiles} refuses (a link out of the pack, a hard link, a special file) is not installed: the
 * source is checked before copying and the staged copy again before it replaces anything.
 */
public final class PackInstaller {
    private static final Logger log = LoggerFactory.getLogger(PackInstaller.class);
    /** Packs that belong to Reflex itself and cannot be installed over. */
    static final Set<String> SYSTEM_PACKS = Set.of("core", "packs");

    private final PackRoots roots;
    private final Path packsDir;
    private final Path virtualenvsDir;
    private final Commands commands;
    private final YamlReader yaml;

    public PackInstaller(Path packsDir, Path virtualenvsDir) {
        this(packsDir, virtualenvsDir, YamlReader.DEFAULT);
    }

    /** @param yaml how manifests are read (size and parser bounds) */
    public PackInstaller(Path packsDir, Path virtualenvsDir, YamlReader yaml) {
        this(packsDir, virtualenvsDir, new Commands(), yaml);
    }

    /**
     * Installs into the user directory of {@code roots}; dependencies are looked up in both directories and a
     * pack of the system directory cannot be installed over.
     */
    public PackInstaller(PackRoots roots, Path virtualenvsDir, YamlReader yaml) {
        this(roots, virtualenvsDir, new Commands(), yaml);
    }

    PackInstaller(Path packsDir, Path virtualenvsDir, Commands commands) {
        this(PackRoots.of(packsDir), virtualenvsDir, commands, YamlReader.DEFAULT);
    }

    private PackInstaller(Path packsDir, Path virtualenvsDir, Commands commands, YamlReader yaml) {
        this(PackRoots.of(packsDir), virtualenvsDir, commands, yaml);
    }

    private PackInstaller(PackRoots roots, Path virtualenvsDir, Commands commands, YamlReader yaml) {
        this.roots = roots;
        this.packsDir = roots.userDir();
        this.virtualenvsDir = virtualenvsDir.toAbsolutePath().normalize();
        this.commands = commands;
        this.yaml = yaml;
    }

    /** What an install did. {@code packs} lists the installed refs, dependencies first. */
    public record Result(List<String> packs, List<String> virtualenvs) {}

    /**
     * Installs {@code source} and the dependencies given as sources.
     *
     * @throws ContentException saying what is wrong (bad manifest, missing dependency, failed clone or pip)
     */
    public Result install(String source, boolean skipDependencies) {
        Set<String> installed = new LinkedHashSet<>();
        List<String> venvs = new ArrayList<>();
        install(PackSource.parse(source), skipDependencies, installed, venvs, new LinkedHashSet<>());
        return new Result(List.copyOf(installed), venvs);
    }

    private void install(
            PackSource source, boolean skipDeps, Set<String> installed, List<String> venvs, Set<String> stack) {
        if (source.kind() == PackSource.Kind.NAME) {
            throw new ContentException(
                    ContentError.of(
                            source.location(),
                            "not a directory or git URL; installing packs "
                                    + "by name needs a pack index, which Reflex does not use: give the pack's directory or git URL"));
        }
        if (!stack.add(source.location())) {
            throw new ContentException(
                    ContentError.of(source.location(), "dependency cycle: " + String.join(" -> ", stack)));
        }
        Path staging = fetch(source);
        try {
            JsonNode manifest = manifest(staging, source.toString());
            String ref = PackLoader.resolveRef(manifest, lastSegment(source.location()))
                    .orElseThrow(() -> new ContentException(ContentError.of(
                            source + "/pack.yaml",
                            "cannot derive the pack ref: add 'ref' (lower-case letters, digits and '_')")));
            if (SYSTEM_PACKS.contains(ref) || roots.isSystem(ref)) {
                throw new ContentException(
                        ContentError.of(source.toString(), "'" + ref + "' is a system pack and cannot be installed"));
            }
            if (!skipDeps) {
                dependencies(manifest, ref, installed, venvs, stack);
            }
            Path target = packsDir.resolve(ref);
            replace(staging, target);
            staging = null;
            Optional<Path> venv = Virtualenvs.ensure(target, virtualenvsDir.resolve(ref), commands);
            venv.ifPresent(v -> venvs.add(v.toString()));
            installed.add(ref);
            log.info("pack installed pack={} source={} dir={}", ref, source, target);
        } finally {
            if (staging != null) {
                ContentCache.deleteTree(staging.getParent());
            }
            stack.remove(source.location());
        }
    }

    private void dependencies(
            JsonNode manifest, String ref, Set<String> installed, List<String> venvs, Set<String> stack) {
        List<String> missing = new ArrayList<>();
        for (JsonNode d : manifest.path("dependencies")) {
            PackSource dep = PackSource.parse(d.asText());
            if (dep.kind() != PackSource.Kind.NAME) {
                install(dep, false, installed, venvs, stack);
                continue;
            }
            Optional<Path> found = roots.find(dep.location());
            if (found.isEmpty()) {
                missing.add("'" + dep + "' is not installed");
                continue;
            }
            Path depDir = found.get();
            String version = manifest(depDir, dep.location()).path("version").asText("");
            if (dep.ref().isPresent() && !dep.ref().get().equals(version)) {
                missing.add("'" + dep + "' is installed in version " + version);
            }
        }
        if (!missing.isEmpty()) {
            throw new ContentException(ContentError.of(
                    ref,
                    "unmet dependencies: " + String.join("; ", missing)
                            + " (install them first, or use --skip-dependencies)"));
        }
    }

    /**
     * Copies or clones the source into a fresh staging directory and returns the pack root in it.
     *
     * @throws ContentException listing every refused file when the source or the copy leaves the pack
     */
    private Path fetch(PackSource source) {
        Path stagingRoot;
        try {
            Files.createDirectories(packsDir);
            stagingRoot = Files.createTempDirectory(packsDir, ".install-");
        } catch (IOException e) {
            throw new UncheckedIOException("creating a staging directory in " + packsDir, e);
        }
        Path dest = stagingRoot.resolve("pack");
        if (source.kind() == PackSource.Kind.DIRECTORY) {
            Path from = Path.of(source.location()).toAbsolutePath().normalize();
            if (!Files.isRegularFile(from.resolve("pack.yaml"))) {
                ContentCache.deleteTree(stagingRoot);
                throw new ContentException(ContentError.of(source.location(), "not a pack directory (no pack.yaml)"));
            }
            refuseEscapes(stagingRoot, PackFiles.scan(from, source.toString()));
            copyTree(from, dest);
        } else {
            try {
                commands.gitClone(source.location(), source.ref(), dest);
            } catch (ContentException e) {
                ContentCache.deleteTree(stagingRoot);
                throw e;
            }
            ContentCache.deleteTree(dest.resolve(".git"));
        }
        refuseEscapes(stagingRoot, PackFiles.scan(dest, source.toString()));
        return dest;
    }

    private static void refuseEscapes(Path stagingRoot, PackFiles.Scan scan) {
        if (!scan.refused().isEmpty()) {
            ContentCache.deleteTree(stagingRoot);
            throw new ContentException(scan.refused());
        }
    }

    private JsonNode manifest(Path dir, String name) {
        List<ContentError> errors = new ArrayList<>();
        Optional<YamlFile> f = yaml.packFile(dir, dir.resolve("pack.yaml"), name + "/pack.yaml", errors);
        if (f.isEmpty()) {
            throw new ContentException(errors.isEmpty() ? List.of(ContentError.of(name, "no pack.yaml")) : errors);
        }
        List<ContentError> schema = f.get().root().isObject()
                ? ContentSchemas.check(ContentSchemas.Kind.PACK, f.get(), true).errors()
                : List.of(f.get().errorAt(List.of(), "pack.yaml must be a mapping"));
        if (!schema.isEmpty()) {
            throw new ContentException(schema);
        }
        return f.get().root();
    }

    private static void replace(Path staging, Path target) {
        Path backup = target.resolveSibling(".replaced-" + target.getFileName() + "-" + System.nanoTime());
        try {
            if (Files.exists(target)) {
                Files.move(target, backup, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (Files.exists(backup) && !Files.exists(target)) {
                try {
                    Files.move(backup, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException restore) {
                    e.addSuppressed(restore);
                }
            }
            throw new UncheckedIOException("installing into " + target, e);
        }
        ContentCache.deleteTree(backup);
        ContentCache.deleteTree(staging.getParent());
    }

    private static void copyTree(Path from, Path to) {
        try {
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (dir.getFileName() != null
                            && dir.getFileName().toString().equals(".git")) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(
                            file,
                            to.resolve(from.relativize(file).toString()),
                            StandardCopyOption.COPY_ATTRIBUTES,
                            LinkOption.NOFOLLOW_LINKS);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("copying " + from, e);
        }
    }

    private static String lastSegment(String location) {
        String t = location.replaceAll("/+$", "").replaceAll("\\.git$", "");
        return t.substring(Math.max(t.lastIndexOf('/'), t.lastIndexOf(':')) + 1);
    }
}
