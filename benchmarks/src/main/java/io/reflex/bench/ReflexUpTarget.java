package io.reflex.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reflex as a user runs it: {@code reflex up} of this checkout's CLI jar (every service in one JVM on the
 * embedded store, broker and ZooKeeper), with a data directory and HOME of its own and every service on a
 * free port. Each batch gets a rule of its own on a webhook of its own; a request is completed when its
 * execution is {@code succeeded}, at the execution's {@code end_timestamp}.
 */
final class ReflexUpTarget implements CompareTarget {
    /** Every service {@code reflex up} starts, as the local cluster names them. */
    private static final List<String> SERVICES = LocalCluster.SERVICES;

    private static final String COMPLETED = "succeeded,failed,timeout,abandoned,canceled";
    /** "  api              http://127.0.0.1:41234      REST API ..." as {@code reflex up} lists its endpoints. */
    private static final Pattern ENDPOINT = Pattern.compile("^\\s+(\\S+)\\s+(https?://\\S+)(\\s.*)?$");

    private static final Map<CompareWorkload, String> ACTIONS = Map.of(
            CompareWorkload.NOOP, "\"core.noop\", \"parameters\": {}",
            CompareWorkload.SHELL, "\"core.local\", \"parameters\": {\"cmd\": \"true\"}");

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final CompareLoad load = new CompareLoad();
    private final ScratchProcess process;
    private final String commit;
    private final String api;
    private final String token;

    private ReflexUpTarget(ScratchProcess process, String commit, String api, String token) {
        this.process = process;
        this.commit = commit;
        this.api = api;
        this.token = token;
    }

    /**
     * @param checkout the repository root (its {@code cli/target/reflex.jar}, built, and {@code packs/})
     * @param dir an empty scratch folder: data directory, HOME and log
     */
    static ReflexUpTarget start(Path checkout, Path dir, String commit, Duration startup) throws Exception {
        Path jar = checkout.resolve("cli/target/reflex.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with ./mvnw -pl cli -am package");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Dreflex.home=" + checkout,
                "-jar",
                jar.toString(),
                "up",
                "--data-dir",
                dir.resolve("data").toString()));
        for (String s : SERVICES) {
            command.addAll(List.of("--set", s + ".port=0"));
        }
        Files.createDirectories(dir.resolve("home"));
        ScratchProcess p = ScratchProcess.start(
                "reflex-up", command, dir, Map.of("HOME", dir.resolve("home").toString()));
        try {
            Map<String, String> urls = awaitEndpoints(p, startup);
            String password =
                    Files.readString(dir.resolve("data/admin-password")).strip();
            return new ReflexUpTarget(p, commit, urls.get("api"), login(urls.get("auth"), password));
        } catch (Exception | Error e) {
            p.close();
            throw e;
        }
    }

    private static Map<String, String> awaitEndpoints(ScratchProcess p, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            String out = Files.readString(p.log, StandardCharsets.UTF_8);
            Map<String, String> urls = endpoints(out);
            if (out.contains("Reflex is up") && urls.containsKey("api") && urls.containsKey("auth")) {
                return urls;
            }
            if (!p.alive()) {
                throw new IllegalStateException("reflex up exited:\n" + p.tail(40));
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("reflex up not up within " + limit + ":\n" + p.tail(40));
    }

    /** Service → URL from the endpoint lines {@code reflex up} prints once it is up. */
    static Map<String, String> endpoints(String output) {
        Map<String, String> out = new LinkedHashMap<>();
        int start = output.indexOf("Reflex is up");
        if (start < 0) {
            return out;
        }
        for (String line : output.substring(start).lines().toList()) {
            Matcher m = ENDPOINT.matcher(line);
            if (m.matches() && SERVICES.contains(m.group(1))) {
                out.putIfAbsent(m.group(1), m.group(2));
            }
        }
        return out;
    }

    private static String login(String auth, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString(("st2admin:" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest r = HttpRequest.newBuilder(URI.create(auth + "/auth/v1/tokens"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ttl\": 43200}"))
                .build();
        HttpResponse<String> resp = HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 201) {
            throw new IllegalStateException("login failed: HTTP " + resp.statusCode() + " " + resp.body());
        }
        return Json.mapper().readTree(resp.body()).path("token").asText();
    }

    @Override
    public String name() {
        return "Reflex";
    }

    @Override
    public String version() {
        return "commit " + commit;
    }

    @Override
    public String setup() {
        return "`reflex up` of this checkout's jar (default JVM options): every service in one JVM on the embedded"
                + " store (PostgreSQL, as server processes of its own), broker (Qpid) and ZooKeeper; a rule per batch on"
                + " `core.st2.webhook` running `core.noop` or `core.local cmd=true`; webhooks with token auth";
    }

    @Override
    public String completedMeans() {
        return "the execution is stored `succeeded` (it and its trigger instance durable, every hop through the"
                + " broker); completion time is the execution's `end_timestamp`; the webhook itself answers 202"
                + " on acceptance";
    }

    @Override
    public CompareBatch run(CompareWorkload w, int count, double rate, int clients, Duration limit) throws Exception {
        String batch = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String rule = "compare_" + w.slug + "_" + batch;
        createRule(rule, rule.replace('_', '-'), w);
        CompareLoad.Sent sent = load.send(
                api + "/api/v1/webhooks/" + rule.replace('_', '-'),
                Map.of("X-Auth-Token", token),
                batch,
                count,
                rate,
                clients);
        int accepted = 0;
        for (int s : sent.status()) {
            accepted += s == 202 ? 1 : 0;
        }
        awaitCompleted(rule, accepted, limit);
        return CompareBatch.fromCompletions(
                sent,
                completions(Json.mapper()
                        .readTree(get("/api/v1/executions?rule=" + rule + "&limit=-1&exclude_attributes=result")
                                .body())));
    }

    private void createRule(String name, String hook, CompareWorkload w) throws Exception {
        String body = """
                {"name": "%s", "pack": "default", "enabled": true,
                 "trigger": {"type": "core.st2.webhook", "parameters": {"url": "%s"}},
                 "action": {"ref": %s}}""".formatted(name, hook, ACTIONS.get(w));
        HttpRequest r = HttpRequest.newBuilder(URI.create(api + "/api/v1/rules"))
                .header("X-Auth-Token", token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 201) {
            throw new IllegalStateException("rule not created: HTTP " + resp.statusCode() + " " + resp.body());
        }
        // The rules engine learns of a new rule from a change event: give it a moment before the first webhook.
        Thread.sleep(3000);
    }

    /** Polls the count of completed executions until it reaches {@code expected}, stalls for 60 s, or the limit. */
    private void awaitCompleted(String rule, int expected, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        long stalledSince = System.nanoTime();
        long last = -1;
        while (System.nanoTime() < deadline && System.nanoTime() - stalledSince < 60e9) {
            HttpResponse<String> r = get("/api/v1/executions?rule=" + rule + "&status=" + COMPLETED + "&limit=1");
            long done = Long.parseLong(r.headers().firstValue("X-Total-Count").orElse("0"));
            if (done >= expected) {
                return;
            }
            if (done != last) {
                last = done;
                stalledSince = System.nanoTime();
            }
            Thread.sleep(1000);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(api + path))
                .header("X-Auth-Token", token)
                .timeout(Duration.ofSeconds(120))
                .GET()
                .build();
        HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": HTTP " + resp.statusCode() + " " + resp.body());
        }
        return resp;
    }

    /**
     * Seq → end time of every {@code succeeded} execution in an executions list, the seq read from the webhook
     * body kept in the execution's trigger instance.
     */
    static Map<Integer, Instant> completions(JsonNode executions) {
        Map<Integer, Instant> out = new HashMap<>();
        for (JsonNode e : executions) {
            JsonNode n = e.path("trigger_instance").path("payload").path("body").path("n");
            if (e.path("status").asText().equals("succeeded") && n.canConvertToInt() && e.hasNonNull("end_timestamp")) {
                out.put(n.asInt(), Instant.parse(e.get("end_timestamp").asText()));
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        process.close();
    }
}
