package io.reflex.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.model.Action;
import io.reflex.core.model.Pack;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.testing.InMemoryStateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packs directory watcher: new directories at any depth, deleted packs, and directories that vanish. */
class PackWatcherTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path root;

    PackFixture fx;
    InMemoryStateStore store;
    PackRegistration registration;

    @BeforeEach
    void setUp() throws IOException {
        fx = new PackFixture(root);
        store = new InMemoryStateStore();
        registration = fx.registrationOverShippedCore(store);
        Files.createDirectories(fx.packs);
    }

    @Test
    void aPackCreatedWhileWatchedIsRegisteredAndChangesInItsNewSubdirectoriesAreSeen() throws Exception {
        try (PackWatcher watcher = new PackWatcher(registration, Duration.ofMillis(200), r -> {})) {
            fx.manifest("fresh").action("fresh", "a", "uptime");
            await().atMost(WAIT).until(() -> action("fresh.a").isPresent());

            // a directory made after the pack's: it must be watched too
            fx.file("fresh/actions/nested/deeper/notes.txt", "x");
            Thread.sleep(500);
            fx.action("fresh", "b", "date");
            fx.file("fresh/actions/nested/deeper/notes.txt", "y");
            await().atMost(WAIT).until(() -> action("fresh.b").isPresent());
            String before = hash("fresh");
            fx.file("fresh/actions/nested/deeper/notes.txt", "changed");
            await().atMost(WAIT).until(() -> !hash("fresh").equals(before));
        }
    }

    @Test
    void deletingAPackDirectoryUnregistersThePack() throws Exception {
        fx.manifest("gone").action("gone", "a", "uptime");
        fx.manifest("stays").action("stays", "a", "uptime");
        registration.registerAll();
        assertThat(action("gone.a")).isPresent();
        try (PackWatcher watcher = new PackWatcher(registration, Duration.ofMillis(200), r -> {})) {
            deleteTree(fx.dir("gone"));
            await().atMost(WAIT)
                    .until(() -> pack("gone").isEmpty() && action("gone.a").isEmpty());
        }
        assertThat(pack("stays")).isPresent();
        assertThat(action("stays.a")).isPresent();
    }

    @Test
    void directoriesVanishingUnderTheWatcherDoNotStopIt() throws Exception {
        fx.manifest("busy").action("busy", "a", "uptime");
        registration.registerAll();
        try (PackWatcher watcher = new PackWatcher(registration, Duration.ofMillis(200), r -> {})) {
            for (int i = 0; i < 200; i++) {
                Path d = Files.createDirectories(
                        fx.dir("busy").resolve("tmp" + i).resolve("a").resolve("b"));
                deleteTree(d.getParent().getParent());
            }
            fx.action("busy", "after", "date");
            await().atMost(WAIT).until(() -> action("busy.after").isPresent());
        }
    }

    private Optional<Action> action(String ref) {
        return store.store(Kinds.ACTION).findOne(Filter.eq("ref", ref));
    }

    private Optional<Pack> pack(String ref) {
        return store.store(Kinds.PACK).findOne(Filter.eq("ref", ref));
    }

    private String hash(String ref) {
        return pack(ref).map(Pack::contentHash).orElse("");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }
}
