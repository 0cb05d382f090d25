package io.reflex.notifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.bus.Delivery;
import io.reflex.core.bus.EventBus;
import io.reflex.core.bus.Subscription;
import io.reflex.core.coordination.Coordinator;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.Execution.ExecutionLease;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.ExecutionCompleted;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.core.model.Action;
import io.reflex.core.model.KeyValuePair;
import io.reflex.core.model.Policy;
import io.reflex.core.model.RunnerType;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.executions.ExecutionLauncher;
import io.reflex.executions.ExecutionResults;
import io.reflex.executions.ExecutionWriter;
import io.reflex.executions.StoreDatastore;
import io.reflex.templates.TemplateLimits;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What notifier tests work with: backends (in-memory fakes, or real ones in integration tests) seeded with
 * a runner type and actions, a launcher and writer playing the API and the runner, and recorders of what
 * the notifier sends on the bus.
 */
final class NotifierFixture implements AutoCloseable {
    static final String ACTION = "examples.deploy";
    static final String WORKFLOW_ACTION = "examples.chain";
    static final int INLINE_LIMIT = 1024;
    /** Long enough that the outbox sweep never races a writer of these tests on a loaded machine. */
    static final Duration OUTBOX_AFTER = Duration.ofSeconds(2);

    final StateStore store;
    final EventBus bus;
    final ExecutionWriter writer;
    final ExecutionLauncher launcher;
    final List<TriggerDispatch> dispatches = new CopyOnWriteArrayList<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Subscription> subscriptions = new ArrayList<>();

    NotifierFixture(StateStore store, EventBus bus) {
        this.store = store;
        this.bus = bus;
        this.writer = new ExecutionWriter(store.executions(), bus);
        this.launcher = new ExecutionLauncher(store, bus, writer, Clock.systemUTC(), null);
        seed();
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.mapper().readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The notifier's components over these backends, with fast sweeps for tests. */
    NotifierParts parts(Coordinator coordinator, String memberId, Set<ExecutionStatus> emitWhen) {
        var settings = new NotifierSettings(
                emitWhen,
                4,
                Duration.ofMillis(50),
                Duration.ofSeconds(30),
                Duration.ofMillis(50),
                OUTBOX_AFTER,
                TemplateLimits.DEFAULTS);
        return NotifierParts.wire(
                store,
                bus,
                coordinator,
                memberId,
                settings,
                new StoreDatastore(store, null, Clock.systemUTC()),
                new ExecutionResults(store, INLINE_LIMIT),
                Clock.systemUTC());
    }

    NotifierParts parts(Coordinator coordinator, String memberId) {
        return parts(coordinator, memberId, ExecutionStatus.COMPLETED);
    }

    /** Records every trigger dispatch the notifier publishes. */
    NotifierFixture recordDispatches() {
        subscriptions.add(bus.consume(Channels.TRIGGER_INSTANCES, 8, d -> dispatches.add(d.body())));
        return this;
    }

    /** Records every execution request published (by launches and the reaper). */
    NotifierFixture recordRequests() {
        subscriptions.add(bus.consume(
                Channels.EXECUTIONS_REQUESTED, 8, d -> requests.add(d.body().executionId())));
        return this;
    }

    List<String> dispatchIds() {
        return dispatches.stream().map(TriggerDispatch::triggerInstanceId).toList();
    }

    List<TriggerDispatch> dispatchesOf(String trigger) {
        return dispatches.stream().filter(d -> d.trigger().equals(trigger)).toList();
    }

    private void seed() {
        ObjectNode runnerParams = json("{'cmd': {'type': 'string'}, 'sudo_password': {'type': 'string',"
                + " 'secret': true}, 'timeout': {'type': 'integer', 'default': 60}}");
        store.store(Kinds.RUNNER_TYPE)
                .insertIfAbsent(new RunnerType(
                        Ids.derived("runner", "local-shell-cmd"),
                        "local-shell-cmd",
                        "shell",
                        true,
                        "local_runner",
                        "local_shell_command_runner",
                        runnerParams,
                        "",
                        null));
        store.store(Kinds.RUNNER_TYPE)
                .insertIfAbsent(new RunnerType(
                        Ids.derived("runner", "action-chain"),
                        "action-chain",
                        "chain",
                        true,
                        "action_chain_runner",
                        "action_chain_runner",
                        null,
                        "published",
                        null));
        store.store(Kinds.ACTION).insertIfAbsent(action(ACTION, "local-shell-cmd", null));
        store.store(Kinds.ACTION).insertIfAbsent(action(WORKFLOW_ACTION, "action-chain", null));
    }

    static Action action(String ref, String runner, ObjectNode notify) {
        String[] parts = ref.split("\\.");
        ObjectNode params = json("{'target': {'type': 'string'}, 'password': {'type': 'string', 'secret': true}}");
        return new Action(
                Ids.derived("action", ref), parts[1], parts[0], "", true, "", runner, params, null, notify, null, "");
    }

    /** Replaces the action's notify section. */
    void notifyOn(String ref, String notifyJson) {
        store.store(Kinds.ACTION).save(action(ref, "local-shell-cmd", json(notifyJson)));
    }

    Policy retryPolicy(String name, String parametersJson) {
        Policy p = new Policy(
                Ids.derived("policy", name),
                name,
                "examples",
                "",
                true,
                ACTION,
                RetryPolicy.TYPE,
                json(parametersJson),
                "");
        return store.store(Kinds.POLICY).save(p);
    }

    void systemKey(String name, String value) {
        store.store(Kinds.KEY_VALUE_PAIR)
                .save(new KeyValuePair(Ids.derived("kv", name), name, value, false, KeyValuePair.SYSTEM, null));
    }

    /** Requests an execution of {@code ref} as the API would. */
    Execution launch(String ref, String parametersJson, ObjectNode context) {
        return launcher.launch(
                ExecutionLauncher.Launch.of(launcher.resolver().resolve(ref), json(parametersJson), "alice", context));
    }

    Execution launch(String parametersJson) {
        return launch(ACTION, parametersJson, Json.object());
    }

    /** Moves an execution through scheduled and running as a runner would, with a lease ending at {@code until}. */
    Execution run(String id, Instant until) {
        writer.apply(id, e -> e.transitionTo(ExecutionStatus.SCHEDULED, Timestamps.now()));
        ExecutionLease lease = new ExecutionLease("runner-1", until, 1);
        return writer.apply(
                id,
                e -> e.transitionTo(ExecutionStatus.RUNNING, Timestamps.now()).withLease(lease));
    }

    /** Runs and completes an execution through the writer, which announces the completion. */
    Execution finish(String id, ExecutionStatus status, String resultJson) {
        run(id, Timestamps.now().plusSeconds(30));
        JsonNode result = json(resultJson);
        return writer.apply(id, e -> e.transitionTo(status, Timestamps.now()).withResult(result));
    }

    /** A completion message as the bus would deliver it. */
    static Delivery<ExecutionCompleted> completion(Execution e, int deliveryCount) {
        return new Delivery<>(new ExecutionCompleted(e.id(), e.status()), e.id() + ":" + e.status(), "", deliveryCount);
    }

    @Override
    public void close() {
        subscriptions.forEach(Subscription::close);
    }
}
