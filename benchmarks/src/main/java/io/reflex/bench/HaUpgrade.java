package io.reflex.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.store.StateStore;
import java.io.IOException;
import java.nio.file.Path;
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
 * and the other box's at the old one; at the end every member at the new one. Before each box two 20 s
 * actions are started and the drain waits until both run, so that the box's runner drains what it holds:
 * each must take effect exactly once.
 */
final class HaUpgrade {
    /** Replaced processes, the check of the registry and a summary for the report's notes. */
    record Result(List<String> replaced, boolean registryAsExpected, String notes) {}

    private static final Duration REGISTRY_WAIT = Duration.ofSeconds(60);

    private final LocalCluster cluster;
    private final StateStore store;
    private final ClusterApi api;
    private final String tag;

    /** @param tag names the effects files of the actions running at each drain */
    HaUpgrade(LocalCluster cluster, StateStore store, ClusterApi api, String tag) {
        this.cluster = cluster;
        this.store = store;
        this.api = api;
        this.tag = tag;
    }

    /** Upgrades box a, then box b; blocks until both run the next release (or a check failed). */
    Result run() throws Exception {
        String from = Json.mapper()
                .readTree(new ClusterApi(cluster.url("auth-a"), api.token()).get("/healthz"))
                .path("version")
                .asText();
        String to = from + "+next";
        List<String> replaced = new ArrayList<>();
        StringBuilder notes = new StringBuilder("from release " + from + " to " + to + "; ");
        boolean ok = true;
        Map<String, String> inFlight = new TreeMap<>();
        for (String box : List.of("a", "b")) {
            inFlight.put(box, startLongActions(box));
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
        for (String box : inFlight.keySet()) {
            HaLoad.LongRuns runs = awaitLongActions(box);
            ok &= runs.lost() == 0 && runs.doubled() == 0;
            notes.append("20 s actions running at the drain of box ")
                    .append(box)
                    .append(": ")
                    .append(inFlight.get(box))
                    .append(", once / lost / doubled ")
                    .append(runs.once() + " / " + runs.lost() + " / " + runs.doubled())
                    .append("; ");
        }
        return new Result(replaced, ok, notes.toString().replaceAll("; $", ""));
    }

    private Path drainEffects(String box) {
        return cluster.dir.resolve("effects-drain-" + box + "-" + tag + ".txt");
    }

    /**
     * Starts two 20 s actions and waits (at most a minute) until both run.
     *
     * @return where they run, e.g. {@code actionrunner-a actionrunner-b}
     */
    private String startLongActions(String box) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < HaLoad.LONG_ACTIONS; i++) {
            String body = api.post("/api/v1/executions", HaLoad.longAction(drainEffects(box), i), 201);
            ids.add(Json.mapper().readTree(body).path("id").asText());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> runners = runners(ids);
        while (runners.contains("?") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            runners = runners(ids);
        }
        return String.join(" ", runners);
    }

    /** The process holding each execution's lease, {@code ?} while it has none. */
    private List<String> runners(List<String> ids) throws IOException {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            Execution e = store.executions().get(id).orElse(null);
            if (e == null || e.lease() == null || e.status() != ExecutionStatus.RUNNING) {
                out.add("?");
                continue;
            }
            String owner = e.lease().owner();
            out.add(cluster.processOf(owner.substring(owner.lastIndexOf('_') + 1))
                    .orElse(owner));
        }
        return out;
    }

    /** The effects of the actions started before the drain of {@code box}, once both took effect (or 2 min). */
    private HaLoad.LongRuns awaitLongActions(String box) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        HaLoad.LongRuns runs = HaLoad.longActions(drainEffects(box));
        while (!runs.settled() && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            runs = HaLoad.longActions(drainEffects(box));
        }
        Thread.sleep(2000); // a second effect of a re-run would come after the first
        return HaLoad.longActions(drainEffects(box));
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
        JsonNode groups = Json.mapper().readTree(api.get("/api/v1/service_registry/groups"));
        for (JsonNode group : groups.path("groups")) {
            JsonNode members =
                    Json.mapper().readTree(api.get("/api/v1/service_registry/groups/" + group.asText() + "/members"));
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
}
