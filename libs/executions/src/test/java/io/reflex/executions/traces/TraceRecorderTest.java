package io.reflex.executions.traces;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ResolvedAction;
import io.reflex.core.json.Json;
import io.reflex.core.model.Action;
import io.reflex.core.model.Rule;
import io.reflex.core.model.RunnerType;
import io.reflex.core.model.Trace;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;
import io.reflex.executions.ExecutionLauncher;
import io.reflex.executions.ExecutionWriter;
import io.reflex.testing.InMemoryEventBus;
import io.reflex.testing.InMemoryStateStore;
import io.reflex.testing.contract.StateStoreSamples;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class TraceRecorderTest {
    final InMemoryStateStore store = new InMemoryStateStore();
    final TraceRecorder traces = new TraceRecorder(store, Clock.systemUTC());
    final TriggerInstance instance = StateStoreSamples.triggerInstance(
            Ids.newId(), Instant.parse("2026-01-01T00:00:00Z"), TriggerInstance.Status.PENDING);
    final Rule rule = StateStoreSamples.rule(Ids.newId(), "examples", "on_hook", "core.noop");

    Trace stored(String tag) {
        return store.store(Kinds.TRACE).get(Trace.idFor(tag)).orElseThrow();
    }

    @Test
    void redeliveredComponentsAreAddedOnce() {
        for (int delivery = 0; delivery < 3; delivery++) {
            Trace trace = traces.addTriggerInstance("deploy-1", instance);
            traces.addRules(trace, List.of(rule), instance);
        }

        Trace trace = stored("deploy-1");
        assertThat(trace.triggerInstances()).singleElement().satisfies(c -> {
            assertThat(c.objectId()).isEqualTo(instance.id());
            assertThat(c.ref()).isEqualTo("core.hook");
            assertThat(c.causedBy()).isEqualTo(Trace.CausedBy.NONE);
        });
        assertThat(trace.rules())
                .singleElement()
                .satisfies(
                        c -> assertThat(c.causedBy()).isEqualTo(Trace.CausedBy.of("trigger_instance", instance.id())));
        assertThat(trace.revision()).isEqualTo(2);
        assertThat(trace.uid()).isEqualTo("trace:deploy-1");
    }

    @Test
    void anInstanceStartingItsOwnTraceIsInsertedWithItsRulesInOneWrite() {
        String tag = TraceRecorder.tagOf(null, instance.id());
        for (int delivery = 0; delivery < 2; delivery++) {
            traces.addTriggerInstance(tag, instance, List.of(rule));
        }

        Trace trace = stored(tag);
        assertThat(trace.triggerInstances())
                .extracting(Trace.Component::objectId)
                .containsExactly(instance.id());
        assertThat(trace.rules()).extracting(Trace.Component::objectId).containsExactly(rule.id());
        assertThat(trace.revision()).as("one write: the insert").isEqualTo(1);
    }

    @Test
    void aWebhooksFreshTraceIsInsertedWithoutAReadAndAnActionTriggerIsWrittenOnTheTraceAsThisRecorderLeftIt() {
        AtomicInteger reads = new AtomicInteger();
        TraceRecorder counted = counting(reads);
        String tag = "webhook-hook-0123456789abcdef";

        counted.addTriggerInstance(tag, instance, List.of(rule));
        assertThat(reads).as("a fresh tag: inserted at once").hasValue(0);
        assertThat(stored(tag).revision()).isEqualTo(1);

        counted.addTriggerInstance(tag, actionTrigger("e-1"));
        assertThat(reads).as("written on the trace this recorder inserted").hasValue(0);

        AtomicInteger otherReads = new AtomicInteger();
        TraceRecorder otherProcess = counting(otherReads);
        TriggerInstance second = actionTrigger("e-2");
        otherProcess.addTriggerInstance(tag, second);
        assertThat(otherReads)
                .as("another process never wrote it: read, then written")
                .hasValue(1);

        assertThat(stored(tag).triggerInstances())
                .extracting(Trace.Component::objectId)
                .containsExactly(instance.id(), actionTriggerId("e-1"), second.id());
        assertThat(stored(tag).revision()).isEqualTo(3);
    }

    @Test
    void aKeptTraceAnotherWriterChangedSinceIsReadAgainAndLosesNothing() {
        AtomicInteger reads = new AtomicInteger();
        TraceRecorder counted = counting(reads);
        String tag = "webhook-hook-stale";
        counted.addTriggerInstance(tag, instance, List.of(rule));
        TriggerInstance meanwhile = actionTrigger("e-other");
        new TraceRecorder(store, Clock.systemUTC()).addTriggerInstance(tag, meanwhile);

        counted.addTriggerInstance(tag, actionTrigger("e-1"));

        assertThat(reads).as("the kept revision was refused: read once").hasValue(1);
        assertThat(stored(tag).triggerInstances())
                .extracting(Trace.Component::objectId)
                .containsExactly(instance.id(), meanwhile.id(), actionTriggerId("e-1"));
        assertThat(stored(tag).revision()).isEqualTo(3);
    }

    @Test
    void aKeptTraceRemovedSinceIsStartedAgain() {
        String tag = "webhook-hook-removed";
        traces.addTriggerInstance(tag, instance, List.of(rule));
        store.store(Kinds.TRACE).delete(Trace.idFor(tag));

        traces.addTriggerInstance(tag, actionTrigger("e-1"));

        assertThat(stored(tag).triggerInstances())
                .extracting(Trace.Component::objectId)
                .containsExactly(actionTriggerId("e-1"));
        assertThat(stored(tag).revision()).isEqualTo(1);
    }

    /** The action trigger an execution's completion emits; its id follows from the execution's. */
    static TriggerInstance actionTrigger(String executionId) {
        return new TriggerInstance(
                actionTriggerId(executionId),
                TraceRecorder.ACTION_TRIGGER,
                Json.object().put("execution_id", executionId),
                Instant.parse("2026-01-01T00:00:03Z"),
                TriggerInstance.Status.PROCESSING);
    }

    static String actionTriggerId(String executionId) {
        return Ids.derived("test-action-trigger", executionId);
    }

    /** A recorder on {@link #store} whose reads of a trace by id are counted in {@code reads}. */
    TraceRecorder counting(AtomicInteger reads) {
        return new TraceRecorder(countingTraceReads(reads), Clock.systemUTC());
    }

    /** {@link #store} with every read of a trace by id counted in {@code reads}. */
    StateStore countingTraceReads(AtomicInteger reads) {
        return forwarding(
                StateStore.class,
                store,
                (method, args) -> method.getName().equals("store") && args[0].equals(Kinds.TRACE)
                        ? forwarding(Store.class, store.store(Kinds.TRACE), (read, readArgs) -> {
                            if (read.getName().equals("get")) {
                                reads.incrementAndGet();
                            }
                            return null;
                        })
                        : null);
    }

    /**
     * {@code target} behind a proxy of {@code type}: each call goes to {@code answer} first, and to {@code
     * target} when the answer is null.
     */
    private static <T> T forwarding(Class<T> type, T target, BiFunction<Method, Object[], Object> answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Object answered = answer.apply(method, args);
            if (answered != null) {
                return answered;
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }

    @Test
    void anInstanceJoiningAnExistingTraceWritesItselfAndItsRulesOnce() {
        traces.addTriggerInstance(
                "t",
                StateStoreSamples.triggerInstance(
                        Ids.newId(), Instant.parse("2026-01-01T00:00:01Z"), TriggerInstance.Status.PENDING));
        long before = stored("t").revision();

        traces.addTriggerInstance("t", instance, List.of(rule));

        Trace trace = stored("t");
        assertThat(trace.triggerInstances()).hasSize(2);
        assertThat(trace.rules()).extracting(Trace.Component::objectId).containsExactly(rule.id());
        assertThat(trace.revision()).isEqualTo(before + 1);
    }

    @Test
    void theSameRuleEnforcedOnTwoTriggerInstancesOfOneTraceIsListedTwice() {
        TriggerInstance second = StateStoreSamples.triggerInstance(
                Ids.newId(), Instant.parse("2026-01-01T00:00:01Z"), TriggerInstance.Status.PENDING);
        Trace trace = traces.addTriggerInstance("t", instance);
        trace = traces.addRules(trace, List.of(rule), instance);
        traces.addRules(trace, List.of(rule), second);

        assertThat(stored("t").rules()).extracting(c -> c.causedBy().id()).containsExactly(instance.id(), second.id());
    }

    @Test
    void theRulesOfOneInstanceAreAddedInOneWriteEvenFromATraceAnotherWriterChangedSince() {
        Rule other = StateStoreSamples.rule(Ids.newId(), "examples", "on_hook_too", "core.noop");
        Trace trace = traces.addTriggerInstance("t", instance);
        TriggerInstance meanwhile = StateStoreSamples.triggerInstance(
                Ids.newId(), Instant.parse("2026-01-01T00:00:02Z"), TriggerInstance.Status.PENDING);
        traces.addTriggerInstance("t", meanwhile);

        Trace after = traces.addRules(trace, List.of(rule, other), instance);

        assertThat(after.revision()).isEqualTo(3);
        assertThat(stored("t").rules()).extracting(Trace.Component::objectId).containsExactly(rule.id(), other.id());
        assertThat(stored("t").triggerInstances())
                .extracting(Trace.Component::objectId)
                .containsExactly(instance.id(), meanwhile.id());
        assertThat(traces.addRules(after, List.of(rule, other), instance)).isSameAs(after);
    }

    @Test
    void concurrentWritersToOneTraceLoseNoComponentAndDoubleNone() throws Exception {
        int writers = 8;
        int each = 25;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        // every component twice: a redelivery racing the first delivery
                        TriggerInstance mine = StateStoreSamples.triggerInstance(
                                Ids.derived("x", Integer.toString(writer), Integer.toString(i)),
                                Instant.parse("2026-01-01T00:00:00Z"),
                                TriggerInstance.Status.PENDING);
                        traces.addTriggerInstance("busy", mine);
                        traces.addTriggerInstance("busy", mine);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }

        Trace trace = stored("busy");
        assertThat(trace.triggerInstances()).hasSize(writers * each);
        assertThat(trace.triggerInstances().stream()
                        .map(Trace.Component::objectId)
                        .distinct())
                .hasSize(writers * each);
        assertThat(trace.revision()).isEqualTo(writers * each);
    }

    @Test
    void aTriggerInstanceWithoutTagStartsItsOwnTraceAndAnActionTriggerNamesItsExecution() {
        assertThat(TraceRecorder.tagOf("", "abc")).isEqualTo("trigger_instance-abc");
        assertThat(TraceRecorder.tagOf("mine", "abc")).isEqualTo("mine");
        TriggerInstance actionTrigger = new TriggerInstance(
                Ids.newId(),
                TraceRecorder.ACTION_TRIGGER,
                Json.object().put("execution_id", "e1"),
                Instant.parse("2026-01-01T00:00:00Z"),
                null);

        Trace trace = traces.addTriggerInstance("t", actionTrigger);

        assertThat(trace.triggerInstances().getFirst().causedBy())
                .isEqualTo(Trace.CausedBy.of("action_execution", "e1"));
    }

    @Test
    void launchedExecutionsJoinTheirTraceAndAChildJoinsItsParentsCausedByTheParent() {
        var bus = new InMemoryEventBus();
        var writer = new ExecutionWriter(store.executions(), bus);
        var launcher = new ExecutionLauncher(store, bus, writer, Clock.systemUTC(), null);
        Action action =
                new Action(Ids.newId(), "local", "core", "", false, "", "local-shell-cmd", null, null, null, null, "");
        var error = Json.object().put("error", "boom");

        Execution manual = launcher.launchFailed(
                ExecutionLauncher.Launch.of(
                        ResolvedAction.of(action, RunnerType.named("local-shell-cmd"), ""), null, "stanley", null),
                error);
        var childContext = Json.object();
        childContext.putObject("parent").put("execution_id", manual.id());
        Execution child = launcher.launchFailed(
                ExecutionLauncher.Launch.of(
                        ResolvedAction.of(action, RunnerType.named("local-shell-cmd"), ""),
                        null,
                        "stanley",
                        childContext),
                error);
        var tagged = Json.object();
        tagged.putObject("trace_context").put("trace_tag", "given");
        Execution own = launcher.launchFailed(
                ExecutionLauncher.Launch.of(
                        ResolvedAction.of(action, RunnerType.named("local-shell-cmd"), ""), null, "stanley", tagged),
                error);

        String tag = "execution-" + manual.id();
        assertThat(TraceRecorder.tagOf(manual.context())).isEqualTo(tag);
        assertThat(TraceRecorder.tagOf(child.context())).isEqualTo(tag);
        assertThat(stored(tag).actionExecutions())
                .extracting(Trace.Component::objectId, Trace.Component::ref, Trace.Component::causedBy)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(manual.id(), "core.local", Trace.CausedBy.NONE),
                        org.assertj.core.groups.Tuple.tuple(
                                child.id(), "core.local", Trace.CausedBy.of("action_execution", manual.id())));
        assertThat(stored("given").actionExecutions())
                .extracting(Trace.Component::objectId)
                .containsExactly(own.id());
    }
}
