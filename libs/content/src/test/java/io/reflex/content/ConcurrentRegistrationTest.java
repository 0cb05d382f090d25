package io.reflex.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.testing.InMemoryStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes told to register the same new pack at the same moment (two api processes behind a load
 * balancer): both succeed, and the store holds each item once.
 */
class ConcurrentRegistrationTest {
    @TempDir
    Path root;

    @Test
    void twoRegistrationsOfTheSameNewPackAtOnceBothSucceedAndStoreEachItemOnce() throws Exception {
        PackFixture fx = new PackFixture(root);
        InMemoryStateStore store = new InMemoryStateStore();
        fx.registrationOverShippedCore(store);
        int rounds = 30;
        for (int i = 0; i < rounds; i++) {
            fx.manifest("race" + i).action("race" + i, "a", "uptime").action("race" + i, "b", "date");
        }
        PackRegistration one = new PackRegistration(store, fx.packs, root.resolve("configs"), Clock.systemUTC());
        PackRegistration two = new PackRegistration(store, fx.packs, root.resolve("configs"), Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < rounds; i++) {
                String pack = "race" + i;
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<List<RegistrationResult>>> both = new ArrayList<>();
                for (PackRegistration r : List.of(one, two)) {
                    both.add(pool.submit(() -> {
                        together.await();
                        return r.register(List.of(pack));
                    }));
                }
                for (Future<List<RegistrationResult>> f : both) {
                    assertThat(f.get()).allSatisfy(r -> assertThat(r.errors()).isEmpty());
                }
                assertThat(store.store(Kinds.ACTION).count(Filter.eq("pack", pack)))
                        .isEqualTo(2);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
