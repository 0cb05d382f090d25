package io.reflex.testing;

import java.io.IOException;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Directory trees that tests and benchmarks lay out from fixtures (packs, configs). */
public final class FileTrees {
    private FileTrees() {}

    /**
     * Copies every directory and file under {@code from} to the same relative place under {@code to}, files
     * with {@code options}; directories that exist already are kept.
     */
    public static void copy(Path from, Path to, CopyOption... options) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, options);
                }
            }
        }
    }
}
