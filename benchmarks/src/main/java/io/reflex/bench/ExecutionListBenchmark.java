package io.reflex.bench;

import io.reflex.api.ApiService;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Action;
import io.reflex.core.model.RunnerType;
import io.reflex.core.model.Token;
import io.reflex.core.store.ExecutionStore;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.runtime.backend.StoreAccess;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.service.ServiceRunner;
import io.reflex.testing.contract.StateStoreSamples;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /api/v1/executions?limit=50} against N stored executions: the api service on the embedded
 * store (the default, embedded:mongo, or a server given with --store), executions inserted straight into the
 * store, then timed requests from 1 and from several concurrent clients.
 *
 * <pre>
 * bin/bench executions [--executions 100000] [--requests 200] [--clients 1,4]
 *     [--store embedded|embedded:mongo|mongodb://...|postgresql://user@host/db]
 * </pre>
 */
public final class ExecutionListBenchmark {
    private ExecutionListBenchmark() {}

    public static void main(String[] args) throws Exception {
        Args a = new Args("executions", args);
        int executions = a.intValue("--executions", 100_000);
        int requests = a.intValue("--requests", 200);
        String clients = a.value("--clients", "1,4");
        String store = a.value("--store", "embedded");
        Path report = Path.of(a.value("--report", "benchmarks/reports/executions-list.md"));
        if (!a.ready()) {
            return;
        }
        run(executions, requests, clients, store, report);
    }

    static void run(int executions, int requests, String clients, String store, Path reportFile) throws Exception {
        Path data = Files.createTempDirectory("reflex-bench-api-");
        Map<String, String> flags = new HashMap<>();
        flags.put("data_dir", data.toString());
        flags.put("api.port", "0");
        flags.put("content.packs_dir", data.resolve("packs").toString());
        if (store.startsWith("postgres") || store.startsWith("embedded:")) {
            flags.put("store.uri", store);
        } else if (store.startsWith("mongodb")) {
            flags.put("store.uri", store);
            flags.put(
                    "store.database", "reflex_bench_" + ProcessHandle.current().pid());
        }
        Report report = new Report(
                "GET /api/v1/executions?limit=50",
                "query",
                "stored executions",
                "clients",
                "requests",
                "req/s",
                "p50 (ms)",
                "p99 (ms)",
                "max (ms)");
        report.context("store: "
                + (store.startsWith("mongodb")
                        ? "MongoDB " + store.replaceAll("//[^@]*@", "//")
                        : store.startsWith("postgres")
                                ? "PostgreSQL " + store.replaceAll("//[^@]*@", "//")
                                : store.equals("embedded:mongo")
                                        ? "mongo-java-server (embedded:mongo, H2 file backend)"
                                        : "embedded PostgreSQL (embedded:, as `reflex up` runs it)")
                + "; api service in-process on loopback; token auth on every request");
        try (var running = ServiceRunner.start(List.of(new ApiService()), ConfigLoader.load(null, Map.of(), flags));
                StateStore st = StoreAccess.open(running.config())) {
            long t0 = System.nanoTime();
            fill(st.executions(), executions);
            report.context(
                    "inserted " + executions + " executions in " + Math.round((System.nanoTime() - t0) / 1e6) + " ms");
            String token = Ids.newId().substring(0, 24) + "deadbeef";
            st.store(Kinds.TOKEN)
                    .insert(new Token(
                            Ids.newId(), "st2admin", token, Timestamps.now().plus(Duration.ofHours(2)), null, false));
            // the plain page, and the top-level page that st2web and `st2 execution list` ask for
            for (String query : List.of("limit=50", "limit=50&parent=null")) {
                String url = running.endpoints().get(0).url() + "/api/v1/executions?" + query;
                for (String c : clients.split(",")) {
                    measure(url, query, token, Integer.parseInt(c.trim()), requests, executions, report);
                }
            }
        }
        report.write(reportFile);
    }

    private static void fill(ExecutionStore store, int n) throws Exception {
        Instant base = Instant.now().minus(Duration.ofDays(3));
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int w = 0; w < 8; w++) {
                pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < n) {
                        Action action = StateStoreSamples.actionSnapshot("core.local");
                        Execution e = Execution.request(
                                Ids.newId(),
                                ExecutionStatus.REQUESTED,
                                base.plusMillis(i * 1000L),
                                action,
                                RunnerType.named("local-shell-cmd"),
                                Json.object().put("cmd", "echo " + i));
                        store.insert(e);
                    }
                    return null;
                });
            }
        }
    }

    private static void measure(
            String url, String query, String token, int clients, int requests, int stored, Report report)
            throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(url))
                .header("X-Auth-Token", token)
                .timeout(Duration.ofMinutes(2))
                .build();
        for (int i = 0; i < Math.min(5, requests); i++) {
            http.send(req, HttpResponse.BodyHandlers.discarding()); // warm-up
        }
        Latencies lat = new Latencies();
        AtomicInteger left = new AtomicInteger(requests);
        AtomicInteger failures = new AtomicInteger();
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        long s = System.nanoTime();
                        HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
                        lat.add(System.nanoTime() - s);
                        if (r.statusCode() != 200) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " requests failed");
        }
        report.row(
                query,
                stored,
                clients,
                lat.count(),
                Math.round(lat.count() / seconds * 10) / 10.0,
                lat.percentileMs(50),
                lat.percentileMs(99),
                lat.percentileMs(100));
    }
}
