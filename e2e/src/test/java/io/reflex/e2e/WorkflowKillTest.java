package io.reflex.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Query;
import io.reflex.testing.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An orquesta workflow of twenty tasks (two parallel branches, a join, a with-items step of four items, a
 * sequence: {@code e2e.kill20}) survives SIGKILLs of the processes running it, two of each kind at work, at
 * points a seeded {@link Random} chooses (the seed is in every failure message; {@code
 * -Dreflex.e2e.kill_seed=N} replays the same choices). Every action appends a line naming its task (and item),
 * its execution id and the time to a starts file when it starts, sleeps, then appends its effect, a line naming
 * its task and execution id, to the effects file: the lines count the actions' runs and their effects.
 *
 * <p>What is guaranteed, and asserted:
 *
 * <ul>
 *   <li><b>A workflow engine killed at any point</b> (twice; a replacement engine is started after each kill
 *       and the other engine goes on meanwhile): the workflow completes with its output, and every task's
 *       action ran exactly once: one child execution per task and item, one line each. The engine keeps its
 *       state only in the store (compare-and-set) and derives each child's id from (workflow, task, route,
 *       item, retry attempt), so the surviving engine, redelivered the dead one's messages, finds what was
 *       already launched and launches nothing twice.
 *   <li><b>An action runner killed while it runs a task's action</b> (twice; a replacement runner is started
 *       after each kill). An action is not transactional: its effect and its recorded end cannot happen
 *       together, so a runner dying between the two would make a retry repeat the effect. What the system
 *       guarantees is narrower, and that is what is asserted: an action's process tree dies with its runner
 *       (docs/architecture.md, rule 13), the execution is reaped {@code abandoned} at lease expiry (rule 3),
 *       an abandoned action fails its task, and the task's orquesta {@code retry} runs the action again as a
 *       new child (retry attempt 1). So when the runner dies <i>before</i> the action's effect, the effect
 *       happens exactly once. The test kills only then: the runner works one action at a time, the action
 *       sleeps {@link #RUNNER_PAUSE} before its effect, and the kill comes within {@link #FRESH} of the
 *       action's start; the killed attempt must end {@code abandoned} with no line, its retry {@code
 *       succeeded} with the task's one line.
 * </ul>
 */
@ExtendWith(ClusterExtension.class)
class WorkflowKillTest {
    static final Duration LEASE = Duration.ofSeconds(6);
    static final Duration WITHIN = Duration.ofMinutes(3);
    static final Duration STARTUP = Duration.ofSeconds(90);
    /** Seconds each action sleeps before its effect: when the runners are killed, and when the engines are. */
    static final String RUNNER_PAUSE = "3";

    static final String ENGINE_PAUSE = "1";
    /**
     * How soon after its action started a runner is killed: well inside {@link #RUNNER_PAUSE}, so that the
     * action's session is killed by its supervisor (which sees its runner gone) before the effect.
     */
    static final Duration FRESH = Duration.ofMillis(1000);
    /** The with-items task: orquesta retries it as a whole, so the runner kills spare its items. */
    static final String ITEMS_TASK = "i08";

    static final JsonNode OUTPUT =
            Json.read("{\"a\": 5, \"b\": 5, \"c\": 7, \"items\": [\"x1\", \"x2\", \"x3\", \"x4\"]}", JsonNode.class);
    /** One effect per plain task and per item. */
    static final List<String> EFFECTS = Stream.of(
                    Stream.of("t01"),
                    Stream.of("a02", "a03", "a04", "a05", "a06"),
                    Stream.of("b02", "b03", "b04", "b05", "b06"),
                    Stream.of("j07", "i08:x1", "i08:x2", "i08:x3", "i08:x4"),
                    Stream.of("c09", "c10", "c11", "c12", "c13", "c14", "c15"))
            .flatMap(s -> s)
            .sorted()
            .toList();

    static Cluster cluster;
    static Executions executions;

    private final long seed = Long.getLong("reflex.e2e.kill_seed", System.nanoTime());
    private final Random random = new Random(seed);
    private final List<String> kills = new ArrayList<>();
    private final List<ServiceProcess> started = new ArrayList<>();

    @BeforeAll
    static void start(Cluster c) {
        cluster = c;
        executions = new Executions(c.api());
    }

    @AfterEach
    void stop() throws Exception {
        started.forEach(ServiceProcess::sigterm);
        for (ServiceProcess p : started) {
            p.close();
        }
    }

    @Test
    void aWorkflowWhoseEngineIsKilledTwiceCompletesWithItsOutputAndEachActionRunOnce() throws Exception {
        List<ServiceProcess> engines =
                started(cluster.startEngines(List.of("wfkill-engine-1", "wfkill-engine-2"), Map.of()));
        started(cluster.startRunners(List.of("wfkill-runner-1", "wfkill-runner-2"), Map.of()));
        Path effects = effectsFile("engine");
        int first = 1 + random.nextInt(8);
        int second = first + 4 + random.nextInt(18 - first - 3);
        String id = executions.request("e2e.kill20", parameters(effects, ENGINE_PAUSE));

        killEngineAfter(first, engines, effects, id);
        killEngineAfter(second, engines, effects, id);

        assertSucceededWithOutput(id);
        List<Execution> children = children(id);
        assertThat(children)
                .as("one child per task and item, all succeeded; " + context())
                .hasSize(EFFECTS.size())
                .allSatisfy(c -> assertThat(c.status()).isEqualTo(ExecutionStatus.SUCCEEDED));
        assertEachEffectOnce(effects, children);
        assertEachChildStartedOnce(effects, children);
        System.out.printf("workflow kill test (engines): seed=%d kills=%s%n", seed, kills);
    }

    @Test
    void aWorkflowWhoseRunnerIsKilledTwiceMidActionCompletesWithEachEffectOnce() throws Exception {
        started(cluster.startEngines(List.of("wfkill-engine-3", "wfkill-engine-4"), Map.of()));
        Map<String, String> flags =
                Map.of("actionrunner.lease_ttl", LEASE.toSeconds() + "s", "actionrunner.concurrency", "1");
        List<ServiceProcess> runners =
                started(cluster.startRunners(List.of("wfkill-runner-3", "wfkill-runner-4"), flags));
        Path effects = effectsFile("runner");
        int first = 1 + random.nextInt(8);
        int second = first + 3 + random.nextInt(18 - first - 2);
        String id = executions.request("e2e.kill20", parameters(effects, RUNNER_PAUSE));

        List<Execution> killed = new ArrayList<>();
        killed.add(killRunnerMidAction(first, runners, effects, id, flags));
        killed.add(killRunnerMidAction(second, runners, effects, id, flags));

        assertSucceededWithOutput(id);
        List<Execution> children = children(id);
        Set<String> killedIds = killed.stream().map(Execution::id).collect(Collectors.toSet());
        assertThat(children)
                .as("each task and item once, and one retry per kill; " + context())
                .hasSize(EFFECTS.size() + killed.size());
        for (Execution c : children) {
            assertThat(c.status())
                    .as("child %s (%s); %s", c.id(), taskOf(c), context())
                    .isEqualTo(killedIds.contains(c.id()) ? ExecutionStatus.ABANDONED : ExecutionStatus.SUCCEEDED);
        }
        for (Execution k : killed) {
            assertThat(children)
                    .as("the retry of %s's killed attempt %s; %s", taskOf(k), k.id(), context())
                    .anySatisfy(c -> {
                        assertThat(taskOf(c)).isEqualTo(taskOf(k));
                        assertThat(c.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
                    });
        }
        assertEachEffectOnce(effects, children);
        assertEachChildStartedOnce(effects, children);
        System.out.printf("workflow kill test (runners): seed=%d kills=%s%n", seed, kills);
    }

    /** Waits for {@code effects} lines and both engines, then SIGKILLs one at random and starts a replacement. */
    private void killEngineAfter(int effects, List<ServiceProcess> engines, Path file, String id) throws Exception {
        awaitEffects(file, effects, id);
        awaitListening(engines);
        Thread.sleep(random.nextInt(500));
        ServiceProcess victim = engines.get(random.nextInt(engines.size()));
        int seen = lines(file).size();
        assertThat(status(id))
                .as("the workflow still runs at the kill; " + context())
                .isEqualTo(ExecutionStatus.RUNNING);
        victim.kill();
        kills.add(victim.name() + " after " + seen + " effects");
        engines.remove(victim);
        engines.add(started(cluster.launchEngine(victim.name() + "-again", Map.of())));
    }

    /**
     * Waits for {@code effects} lines and both runners, then for a plain task's action that started on one of
     * them (its line in the starts file) less than {@link #FRESH} ago, and SIGKILLs that runner (then starts a
     * replacement). Returns the killed attempt.
     */
    private Execution killRunnerMidAction(
            int effects, List<ServiceProcess> runners, Path file, String id, Map<String, String> flags)
            throws Exception {
        awaitEffects(file, effects, id);
        awaitListening(runners);
        long delay = random.nextInt(300);
        while (true) {
            Start target = awaitFreshStart(file, runners);
            Thread.sleep(delay);
            ServiceProcess victim = runners.stream()
                    .filter(r -> r.pid() == target.child().runnerInfo().pid())
                    .findFirst()
                    .orElseThrow();
            if (target.age().compareTo(FRESH) < 0) {
                victim.kill();
                kills.add("%s after %d effects, running %s as %s started %d ms before"
                        .formatted(
                                victim.name(),
                                lines(file).size(),
                                target.effect(),
                                target.child().id(),
                                target.age().toMillis()));
                runners.remove(victim);
                runners.add(started(cluster.launchRunner(victim.name() + "-again", flags)));
                return target.child();
            }
        }
    }

    /** An action's start: its effect's name, its execution, and when it started (the action's clock line). */
    record Start(String effect, Execution child, Instant at) {
        Duration age() {
            return Duration.between(at, Instant.now());
        }
    }

    /** A plain task's action that started on one of {@code runners} less than half {@link #FRESH} ago. */
    private Start awaitFreshStart(Path file, List<ServiceProcess> runners) {
        Set<Long> pids = runners.stream().map(ServiceProcess::pid).collect(Collectors.toSet());
        return awaitValue("a task's action just started on " + runners, () -> {
            List<String> starts = lines(startsFile(file));
            for (String line : starts.reversed()) {
                String[] parts = line.split(" ");
                Instant at = Instant.ofEpochMilli(Long.parseLong(parts[2]));
                if (Duration.between(at, Instant.now()).compareTo(FRESH.dividedBy(2)) >= 0) {
                    break;
                }
                Optional<Execution> child = cluster.store().executions().get(parts[1]);
                if (!parts[0].startsWith(ITEMS_TASK)
                        && child.isPresent()
                        && child.get().runnerInfo() != null
                        && pids.contains(child.get().runnerInfo().pid())) {
                    return Optional.of(new Start(parts[0], child.get(), at));
                }
            }
            return Optional.empty();
        });
    }

    private void assertSucceededWithOutput(String id) {
        JsonNode done;
        try {
            done = executions.awaitStatus(id, WITHIN, Executions.COMPLETED);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; " + context(), e);
        }
        assertThat(done.path("status").asText()).as(done + "; " + context()).isEqualTo("succeeded");
        assertThat(done.path("result").path("output"))
                .as(done + "; " + context())
                .isEqualTo(OUTPUT);
    }

    /** Each effect's line once, written by a succeeded child running that task. */
    private void assertEachEffectOnce(Path file, List<Execution> children) throws IOException {
        Map<String, Execution> byId = new HashMap<>();
        children.forEach(c -> byId.put(c.id(), c));
        Map<String, List<String>> writers = new TreeMap<>();
        for (String line : lines(file)) {
            String[] parts = line.split(" ");
            writers.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts.length > 1 ? parts[1] : "");
        }
        assertThat(writers.keySet()).as("every effect; " + context()).containsExactlyElementsOf(EFFECTS);
        writers.forEach((effect, ids) -> {
            assertThat(ids).as("effect %s once; %s", effect, context()).hasSize(1);
            Execution writer = byId.get(ids.getFirst());
            assertThat(writer).as("effect %s by a child; %s", effect, context()).isNotNull();
            assertThat(writer.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(taskOf(writer)).isEqualTo(effect.split(":")[0]);
        });
    }

    /** Each child execution's action started exactly once (a killed attempt too, and no other). */
    private void assertEachChildStartedOnce(Path file, List<Execution> children) {
        List<String> started = lines(startsFile(file)).stream()
                .map(l -> l.split(" ")[1])
                .sorted()
                .toList();
        assertThat(started)
                .as("one start per child execution; " + context())
                .containsExactlyElementsOf(
                        children.stream().map(Execution::id).sorted().toList());
    }

    private void awaitEffects(Path file, int count, String id) {
        awaitValue(count + " effects", () -> {
            if (status(id).completed()) {
                throw new AssertionError("workflow " + id + " ended before " + count + " effects; " + context());
            }
            return lines(file).size() >= count ? Optional.of(true) : Optional.empty();
        });
    }

    private <T> T awaitValue(String what, java.util.concurrent.Callable<Optional<T>> probe) {
        List<T> found = new ArrayList<>();
        try {
            await(what).atMost(WITHIN).pollInterval(Duration.ofMillis(20)).until(() -> {
                probe.call().ifPresent(found::add);
                return !found.isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; " + context(), e);
        }
        return found.getFirst();
    }

    private static void awaitListening(List<ServiceProcess> processes) throws InterruptedException {
        for (ServiceProcess p : processes) {
            p.url(STARTUP);
        }
    }

    private ExecutionStatus status(String id) {
        return cluster.store().executions().get(id).orElseThrow().status();
    }

    private static List<Execution> children(String id) {
        return cluster.store().executions().find(Query.of(Filter.eq("parent", id)));
    }

    private static String taskOf(Execution c) {
        return c.context().orquesta().path("task_name").asText();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file + ": " + e, e);
        }
    }

    private static Path startsFile(Path effects) {
        return effects.resolveSibling(effects.getFileName() + ".starts");
    }

    private Path effectsFile(String name) throws IOException {
        return Files.createDirectories(cluster.dir.resolve("workflow-kill")).resolve(name + "-" + seed);
    }

    private static String parameters(Path effects, String pause) {
        return Json.write(Json.object().put("effects", effects.toString()).put("pause", pause));
    }

    private ServiceProcess started(ServiceProcess p) {
        started.add(p);
        return p;
    }

    private List<ServiceProcess> started(List<ServiceProcess> ps) {
        started.addAll(ps);
        return new ArrayList<>(ps);
    }

    /** What a failure message needs to replay and understand the run. */
    private String context() {
        return "seed=" + seed + " (replay: -Dreflex.e2e.kill_seed=" + seed + ") kills=" + kills + "\n"
                + cluster.output();
    }
}
