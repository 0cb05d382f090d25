package io.reflex.content;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The directories packs are read from: an optional read-only directory of system packs (the ones shipped
 * with Reflex: {@code core}, {@code chatops}, {@code examples}…) and the writable directory of user packs
 * (installed packs and content written through the API). A name present in both is the system pack: a user
 * pack cannot shadow a shipped one. Nothing here writes; writers use {@link #userDir()}.
 *
 * @param systemDir the system packs directory, absent when none is configured
 * @param userDir the user packs directory (it need not exist yet)
 */
public record PackRoots(Optional<Path> systemDir, Path userDir) {
    private static final Pattern PACK_NAME = Pattern.compile("^[a-z0-9_]+$");

    public PackRoots {
        Path user = userDir.toAbsolutePath().normalize();
        userDir = user;
        systemDir = systemDir.map(d -> d.toAbsolutePath().normalize()).filter(d -> !d.equals(user));
    }

    /** Only a user packs directory. */
    public static PackRoots of(Path userDir) {
        return new PackRoots(Optional.empty(), userDir);
    }

    /** The roots that exist, system first. */
    public List<Path> existing() {
        List<Path> out = new ArrayList<>();
        systemDir.filter(Files::isDirectory).ifPresent(out::add);
        if (Files.isDirectory(userDir)) {
            out.add(userDir);
        }
        return out;
    }

    /** Every pack directory (one holding a {@code pack.yaml}), by name, a system pack before a user one. */
    public List<Path> packDirs() {
        Map<String, Path> byName = new LinkedHashMap<>();
        for (Path root : existing()) {
            for (Path d : list(root)) {
                byName.putIfAbsent(d.getFileName().toString(), d);
            }
        }
        return byName.values().stream().sorted().toList();
    }

    /** The directory of pack {@code name} (holding a {@code pack.yaml}), the system one first. */
    public Optional<Path> find(String name) {
        if (!PACK_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return existing().stream()
                .map(root -> root.resolve(name))
                .filter(d -> Files.isRegularFile(d.resolve("pack.yaml")))
                .findFirst();
    }

    /** Whether {@code name} is a pack of the read-only system directory. */
    public boolean isSystem(String name) {
        return find(name)
                .map(d -> systemDir.isPresent() && d.startsWith(systemDir.get()))
                .orElse(false);
    }

    /** The root holding {@code path} (a file or directory under one of the roots), if any. */
    public Optional<Path> rootOf(Path path) {
        Path p = path.toAbsolutePath().normalize();
        return Stream.concat(systemDir.stream(), Stream.of(userDir))
                .filter(p::startsWith)
                .max(java.util.Comparator.comparingInt(Path::getNameCount));
    }

    /** Both possible directories of pack {@code name}, whether they exist or not. */
    public List<Path> candidates(String name) {
        return Stream.concat(systemDir.stream(), Stream.of(userDir))
                .map(root -> root.resolve(name))
                .toList();
    }

    @Override
    public String toString() {
        return systemDir.map(s -> "system=" + s + " ").orElse("") + "user=" + userDir;
    }

    private static List<Path> list(Path root) {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(d -> Files.isRegularFile(d.resolve("pack.yaml")))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + root, e);
        }
    }
}
