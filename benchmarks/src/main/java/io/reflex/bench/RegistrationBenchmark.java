package io.reflex.bench;

import io.reflex.content.PackRegistration;
import io.reflex.content.RegistrationResult;
import io.reflex.core.store.StateStore;
import io.reflex.embedded.EmbeddedMongo;
import io.reflex.mongo.MongoStateStore;
import io.reflex.testing.InMemoryStateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Pack registration throughput: generates N packs (each with actions, rules, a sensor with its trigger
 * type, a policy and an alias), registers them into a store, then registers them again unchanged.
 *
 * <pre>
 * bin/bench registration [--packs 200] [--store memory|embedded|h2|mongodb://...] [--report FILE]
 * </pre>
 */
public final class RegistrationBenchmark {
    static final int ACTIONS = 10;
    static final int RULES = 3;

    private RegistrationBenchmark() {}

    public static void main(String[] args) throws Exception {
        Args a = new Args("registration", args);
        int packs = a.intValue("--packs", 200);
        List<String> stores = List.of(a.value("--store", "memory,embedded,h2").split(","));
        Path report = Path.of(a.value("--report", "benchmarks/reports/registration.md"));
        if (!a.ready()) {
            return;
        }
        run(packs, stores, report);
    }

    static void run(int packs, List<String> stores, Path reportFile) throws IOException {
        Path work = Files.createTempDirectory("reflex-bench-");
        try {
            Path packsDir = work.resolve("packs");
            PackGenerator.generate(packsDir, packs, ACTIONS, RULES);
            int items = packs * (ACTIONS + RULES + 4);
            Report report = new Report(
                    "Pack registration",
                    "store",
                    "packs",
                    "items",
                    "first registration (ms)",
                    "items/s",
                    "unchanged re-registration (ms)",
                    "after one pack changed (ms)");
            report.context(packs + " generated packs, each " + ACTIONS + " actions, " + RULES
                    + " rules, 1 sensor + trigger type, 1 policy, 1 alias; plus the core pack");
            for (String store : stores) {
                measure(store, work, packsDir, packs, items, report);
            }
            report.write(reportFile);
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void measure(String kind, Path work, Path packsDir, int packs, int items, Report report)
            throws IOException {
        EmbeddedMongo mongo = null;
        StateStore store;
        switch (kind) {
            case "memory" -> store = new InMemoryStateStore();
            case "embedded" -> {
                mongo = EmbeddedMongo.start(null);
                store = MongoStateStore.connect(mongo.uri(), "bench");
            }
            case "h2" -> {
                mongo = EmbeddedMongo.start(Files.createTempDirectory(work, "h2-"));
                store = MongoStateStore.connect(mongo.uri(), "bench");
            }
            default ->
                store = MongoStateStore.connect(
                        kind, "reflex_bench_" + ProcessHandle.current().pid());
        }
        try {
            PackRegistration registration =
                    new PackRegistration(store, packsDir, work.resolve("configs"), Clock.systemUTC());
            long t0 = System.nanoTime();
            check(registration.registerAll(), true);
            long first = System.nanoTime() - t0;
            t0 = System.nanoTime();
            check(registration.registerAll(), false);
            long again = System.nanoTime() - t0;
            PackGenerator.touch(packsDir.resolve("bench000"));
            t0 = System.nanoTime();
            registration.registerAll();
            long oneChanged = System.nanoTime() - t0;
            report.row(
                    kind.startsWith("mongodb") ? "mongodb" : kind,
                    packs,
                    items,
                    ms(first),
                    Math.round(items / (first / 1e9)),
                    ms(again),
                    ms(oneChanged));
        } finally {
            store.close();
            if (mongo != null) {
                mongo.close();
            }
        }
    }

    private static void check(List<RegistrationResult> results, boolean expectChanged) {
        for (RegistrationResult r : results) {
            if (!r.errors().isEmpty() || (r.changed() != expectChanged)) {
                throw new IllegalStateException("unexpected registration result " + r);
            }
        }
    }

    private static long ms(long nanos) {
        return Math.round(nanos / 1e6);
    }
}
