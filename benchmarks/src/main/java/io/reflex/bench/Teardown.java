package io.reflex.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** How a benchmark cluster goes away: what it opened, closed in reverse, then its scratch directory. */
final class Teardown {
    private Teardown() {}

    /** Closes {@code open} last-opened first; a failure is reported on stderr and the rest still close. */
    static void closeAll(List<AutoCloseable> open, String benchmark) {
        for (AutoCloseable c : open.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println(benchmark + " benchmark cleanup: " + e);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
