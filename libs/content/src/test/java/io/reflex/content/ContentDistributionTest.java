package io.reflex.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.reflex.core.model.Pack;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.embedded.EmbeddedMongo;
import io.reflex.mongo.MongoStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes share nothing but the state store (a real MongoDB-protocol server over a socket): node A
 * watches its packs directory and registers; node B materialises exactly the registered version into its
 * own cache.
 */
class ContentDistributionTest {
    @TempDir
    Path nodeA;

    @TempDir
    Path nodeB;

    @Test
    void aChangedPackIsRegisteredByTheWatcherAndMaterialisedOnAnotherNode() throws Exception {
        PackFixture fx = new PackFixture(nodeA);
        fx.manifest("demo").action("demo", "a", "uptime").file("demo/actions/scripts/run.sh", "#!/bin/sh\necho one\n");
        Files.copy(
                ShippedPacksTest.PACKS.resolve("core/pack.yaml"),
                Files.createDirectories(fx.packs.resolve("core")).resolve("pack.yaml"));
        try (EmbeddedMongo mongo = EmbeddedMongo.start(null);
                StateStore storeA = MongoStateStore.connect(mongo.uri(), "reflex");
                StateStore storeB = MongoStateStore.connect(mongo.uri(), "reflex")) {
            PackRegistration registration =
                    new PackRegistration(storeA, fx.packs, nodeA.resolve("configs"), Clock.systemUTC());
            registration.registerAll();
            ContentCache cacheB = new ContentCache(nodeB.resolve("cache"), new ContentStore(storeB, Clock.systemUTC()));
            String v1 = hash(storeB);
            Path dir1 = cacheB.materialise("demo", v1);
            assertThat(Files.readString(dir1.resolve("actions/scripts/run.sh"))).isEqualTo("#!/bin/sh\necho one\n");
            assertThat(dir1).startsWith(nodeB);

            List<List<RegistrationResult>> seen = new CopyOnWriteArrayList<>();
            try (PackWatcher watcher = new PackWatcher(registration, Duration.ofMillis(300), seen::add)) {
                fx.file("demo/actions/scripts/run.sh", "#!/bin/sh\necho two\n");
                await().atMost(Duration.ofSeconds(20)).until(() -> !hash(storeB).equals(v1));
            }
            String v2 = hash(storeB);
            Path dir2 = cacheB.materialise("demo", v2);
            assertThat(Files.readString(dir2.resolve("actions/scripts/run.sh"))).isEqualTo("#!/bin/sh\necho two\n");
            assertThat(Files.readString(dir1.resolve("actions/scripts/run.sh")))
                    .as("old version kept")
                    .contains("one");
            assertThat(seen).isNotEmpty();
            assertThat(v2).isEqualTo(PackArchive.hashOf(fx.dir("demo")));
        }
    }

    @Test
    void materialisingAVersionTheStoreDoesNotHaveFails() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(null);
                StateStore store = MongoStateStore.connect(mongo.uri(), "reflex")) {
            ContentCache cache = new ContentCache(nodeB, new ContentStore(store, Clock.systemUTC()));
            assertThatThrownBy(() -> cache.materialise("demo", "0".repeat(64)))
                    .isInstanceOf(ContentException.class)
                    .hasMessageContaining("is not in the store");
        }
    }

    @Test
    void largePacksAreStoredInChunksAndComeBackWhole() throws Exception {
        PackFixture fx = new PackFixture(nodeA);
        fx.manifest("big");
        byte[] blob = new byte[ContentStore.CHUNK_BYTES * 2 + 123];
        new java.util.Random(7).nextBytes(blob);
        Files.write(Files.createDirectories(fx.dir("big").resolve("lib")).resolve("blob.bin"), blob);
        PackArchive archive = PackArchive.of(fx.dir("big"));
        try (EmbeddedMongo mongo = EmbeddedMongo.start(null);
                StateStore store = MongoStateStore.connect(mongo.uri(), "reflex")) {
            ContentStore content = new ContentStore(store, Clock.systemUTC());
            assertThat(content.put("big", archive)).isTrue();
            assertThat(content.put("big", archive))
                    .as("same hash again writes nothing")
                    .isFalse();
            Path dir = new ContentCache(nodeB, content).materialise("big", archive.hash());
            assertThat(Files.readAllBytes(dir.resolve("lib/blob.bin"))).isEqualTo(blob);
            assertThat(store.store(Kinds.CONTENT_CHUNK).count(Filter.eq("blob", archive.hash())))
                    .isEqualTo(3);
        }
    }

    private static String hash(StateStore store) {
        return store.store(Kinds.PACK)
                .findOne(Filter.eq("ref", "demo"))
                .map(Pack::contentHash)
                .orElse("");
    }
}
