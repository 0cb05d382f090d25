package io.reflex.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Query;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One measured batch of webhooks through the pipeline: each POST's send time is taken in this JVM just
 * before the request leaves; each execution's {@code end_timestamp} is written by the runner process when it
 * stored the completed execution (same host, same wall clock). The webhook body carries the batch id and a
 * sequence number, which the execution keeps in its {@code trigger_instance} snapshot; that is how an
 * execution is matched to its POST.
 */
final class PipelineRun {
    private static final List<String> UNFINISHED = Arrays.stream(ExecutionStatus.values())
            .filter(s -> !s.completed())
            .map(ExecutionStatus::wire)
            .toList();

    /**
     * What one batch measured.
     *
     * @param offered webhooks per second the senders achieved (the paced rate, or the API's acceptance rate)
     * @param perSecond executions completed per second from the first POST to the last completion
     * @param steadyPerSecond completions per second between the 10th and the 90th percentile completion
     */
    record Result(
            int sent,
            int rejected,
            int succeeded,
            int otherwise,
            double offered,
            double perSecond,
            double steadyPerSecond,
            Latencies latencies) {}

    private final PipelineCluster cluster;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    PipelineRun(PipelineCluster cluster) {
        this.cluster = cluster;
    }

    /** Creates an enabled rule: webhook {@code hook} runs {@code action} with {@code parametersJson}. */
    void rule(String name, String hook, String action, String parametersJson) throws Exception {
        String body = """
                {"name": "%s", "pack": "default", "enabled": true,
                 "trigger": {"type": "core.st2.webhook", "parameters": {"url": "%s"}},
                 "action": {"ref": "%s", "parameters": %s}}""".formatted(name, hook, action, parametersJson);
        HttpResponse<String> r = http.send(post("/api/v1/rules", body), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("rule not created: HTTP " + r.statusCode() + " " + r.body());
        }
    }

    /**
     * Posts {@code count} webhooks to {@code hook} from {@code clients} threads, paced at {@code rate} per
     * second (0: as fast as the API accepts them), then waits (at most {@code limit}) for their executions.
     */
    Result run(String hook, int count, double rate, int clients, Duration limit) throws Exception {
        return collect(send(hook, count, rate, clients, limit));
    }

    /** A batch sent and drained: what {@link #collect} reads its executions by. */
    record Sent(String batch, Instant from, Instant[] sent, int rejected, double offered) {
        int count() {
            return sent.length;
        }
    }

    /**
     * {@link #run} up to the moment its executions have all completed (or {@code limit} passed): a caller
     * measuring the batch reads its counters then, before {@link #collect} reads the executions back.
     */
    Sent send(String hook, int count, double rate, int clients, Duration limit) throws Exception {
        String batch = UUID.randomUUID().toString().replace("-", "");
        Instant[] sent = new Instant[count];
        AtomicInteger rejected = new AtomicInteger();
        Instant from = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long t0 = System.nanoTime();
        send(hook, batch, sent, rate, clients, rejected);
        double sendSeconds = (System.nanoTime() - t0) / 1e9;
        int expected = count - rejected.get();
        long deadline = System.nanoTime() + limit.toNanos();
        while (!drained(from, expected) && System.nanoTime() < deadline) {
            Thread.sleep(1000);
        }
        return new Sent(batch, from, sent, rejected.get(), count / sendSeconds);
    }

    /** The batch's executions read back and matched to their webhooks. */
    Result collect(Sent s) {
        List<Execution> mine =
                cluster.store().executions().find(Query.of(Filter.gte("start_timestamp", s.from()))).stream()
                        .filter(e -> e.triggerInstance() != null
                                && s.batch()
                                        .equals(e.triggerInstance()
                                                .payload()
                                                .path("body")
                                                .path("batch")
                                                .asText()))
                        .toList();
        return result(mine, s.sent(), s.rejected(), s.offered());
    }

    /**
     * Whether the batch started at {@code from} has {@code expected} executions and none is still to complete.
     * Both are counts an index answers on PostgreSQL (start time; status, of which the unfinished are few), so
     * the polling costs the store little while its CPU is measured; batches run one after the other, so
     * everything started since {@code from} is the batch's. mongo-java-server answers them by scanning.
     */
    private boolean drained(Instant from, int expected) {
        var executions = cluster.store().executions();
        return executions.count(Filter.gte("start_timestamp", from)) >= expected
                && executions.count(Filter.in("status", UNFINISHED)) == 0;
    }

    private void send(String hook, String batch, Instant[] sent, double rate, int clients, AtomicInteger rejected)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> senders = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                senders.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < sent.length; i = next.getAndIncrement()) {
                        if (rate > 0) {
                            long due = start + (long) (i * 1e9 / rate);
                            LockSupport.parkNanos(due - System.nanoTime());
                        }
                        String body = "{\"batch\": \"" + batch + "\", \"n\": " + i + "}";
                        HttpRequest request = post("/api/v1/webhooks/" + hook, body);
                        sent[i] = Instant.now();
                        int status = http.send(request, HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                        if (status != 202) {
                            rejected.incrementAndGet();
                            sent[i] = null;
                        }
                    }
                    return null;
                }));
            }
            for (var s : senders) {
                s.get();
            }
        }
    }

    private HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(URI.create(cluster.apiUrl() + path))
                .header("X-Auth-Token", cluster.token())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    private static Result result(List<Execution> executions, Instant[] sent, int rejected, double offered) {
        Latencies latencies = new Latencies();
        List<Instant> ends = new ArrayList<>();
        int succeeded = 0;
        int otherwise = 0;
        for (Execution e : executions) {
            if (!e.status().completed()) {
                continue;
            }
            JsonNode n = e.triggerInstance() == null
                    ? Json.mapper().missingNode()
                    : e.triggerInstance().payload().path("body").path("n");
            Instant start = n.isInt() && n.asInt() < sent.length ? sent[n.asInt()] : null;
            if (e.status() != ExecutionStatus.SUCCEEDED || start == null) {
                otherwise++;
                continue;
            }
            succeeded++;
            ends.add(e.endTimestamp());
            latencies.add(Duration.between(start, e.endTimestamp()).toNanos());
        }
        ends.sort(null);
        Instant first = Arrays.stream(sent)
                .filter(s -> s != null)
                .min(Instant::compareTo)
                .orElse(Instant.EPOCH);
        double window =
                ends.isEmpty() ? 0 : Duration.between(first, ends.getLast()).toNanos() / 1e9;
        return new Result(
                sent.length,
                rejected,
                succeeded,
                otherwise,
                offered,
                window > 0 ? succeeded / window : 0,
                steady(ends),
                latencies);
    }

    /** Completions per second between the 10th and 90th percentile completion (ramp-up and tail left out). */
    private static double steady(List<Instant> ends) {
        if (ends.size() < 10) {
            return 0;
        }
        int a = ends.size() / 10;
        int b = ends.size() - 1 - ends.size() / 10;
        double seconds = Duration.between(ends.get(a), ends.get(b)).toNanos() / 1e9;
        return seconds > 0 ? (b - a) / seconds : 0;
    }
}
