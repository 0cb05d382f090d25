package io.reflex.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The {@code upgrade} fault of {@code bin/bench ha}: a rolling upgrade of every service, one box at a time, as
 * docs/deployment.md "Upgrading" describes it (drain the box, start it again as the next release, consumers
 * first), while the load runs. The next release is the same build reporting another release
 * ({@code -Dreflex.release}), so it exercises drain, restart order and the service registry, not a change of
 * schema. After each box the service registry (through nginx) must show the box's members at the new release
 * and the other box's at the old one; at the end every member at the new one.
 */
final class HaUpgrade {
    /** Replaced processes, the check of the registry and a summary for the report's notes. */
    record Result(List<String> replaced, boolean registryAsExpected, String notes) {}

    private static final Duration REGISTRY_WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final LocalCluster cluster;
    private final String token;

    HaUpgrade(LocalCluster cluster, String token) {
        this.cluster = cluster;
        this.token = token;
    }

    /** Upgrades box a, then box b; blocks until both run the next release (or a check failed). */
    Result run() throws Exception {
        String from = Json.mapper()
                .readTree(get(cluster.url("auth-a") + "/healthz"))
                .path("version")
                .asText();
        String to = from + "+next";
        List<String> replaced = new ArrayList<>();
        StringBuilder notes = new StringBuilder("from release " + from + " to " + to + "; ");
        boolean ok = true;
        for (String box : List.of("a", "b")) {
            long t0 = System.nanoTime();
            String log = cluster.upgrade(box, to);
            double took = ChaosRun.seconds(System.nanoTime() - t0);
            LocalCluster.SERVICES.forEach(s -> replaced.add(s + "-" + box));
            Predicate<Map<String, String>> expected = versions -> versions.entrySet().stream()
                    .allMatch(e -> e.getValue().equals(e.getKey().endsWith("-a") || box.equals("b") ? to : from));
            Map<String, String> seen = awaitRegistry(expected);
            boolean asExpected = expected.test(seen) && seen.size() == 2 * LocalCluster.SERVICES.size();
            ok &= asExpected;
            notes.append("box ")
                    .append(box)
                    .append(" in ")
                    .append(ChaosRun.round(took))
                    .append(" s (slowest drain ")
                    .append(slowestDrain(log))
                    .append(" s), registry then: ")
                    .append(summary(seen, from, to))
                    .append(asExpected ? "" : " NOT AS EXPECTED " + seen)
                    .append("; ");
        }
        return new Result(replaced, ok, notes.toString().replaceAll("; $", ""));
    }

    /** The registry once it matches {@code expected} (or as it is after {@link #REGISTRY_WAIT}). */
    private Map<String, String> awaitRegistry(Predicate<Map<String, String>> expected) throws Exception {
        long deadline = System.nanoTime() + REGISTRY_WAIT.toNanos();
        Map<String, String> seen = registry();
        while (!(expected.test(seen) && seen.size() == 2 * LocalCluster.SERVICES.size())
                && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            seen = registry();
        }
        return seen;
    }

    /**
     * The release of every member of every service group, by process ({@code api-a}, …; a member whose PID
     * no process of the script holds, e.g. one killed before its session expired, as {@code pid <n>}).
     */
    Map<String, String> registry() throws Exception {
        Map<String, String> out = new TreeMap<>();
        JsonNode groups = Json.mapper().readTree(get(cluster.nginx() + "/api/v1/service_registry/groups"));
        for (JsonNode group : groups.path("groups")) {
            JsonNode members = Json.mapper()
                    .readTree(get(cluster.nginx() + "/api/v1/service_registry/groups/" + group.asText() + "/members"));
            for (JsonNode m : members.path("members")) {
                String pid = m.path("capabilities").path("pid").asText();
                String process = cluster.processOf(pid).orElse("pid " + pid);
                out.put(process, m.path("capabilities").path("version").asText());
            }
        }
        return out;
    }

    private static String summary(Map<String, String> versions, String from, String to) {
        long atTo = versions.values().stream().filter(to::equals).count();
        long atFrom = versions.values().stream().filter(from::equals).count();
        return atTo + " members at " + to + ", " + atFrom + " at " + from
                + (atTo + atFrom == versions.size() ? "" : ", " + (versions.size() - atTo - atFrom) + " other");
    }

    /** The longest "drained <process> in <n>s" of the script's log. */
    private static String slowestDrain(String log) {
        return log
                .lines()
                .filter(l -> l.contains("drained "))
                .map(l -> l.replaceAll(".* in (\\d+)s.*", "$1"))
                .mapToInt(Integer::parseInt)
                .max()
                .stream()
                .mapToObj(Integer::toString)
                .findFirst()
                .orElse("?");
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("X-Auth-Token", token)
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
