package io.reflex.actionrunner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.bus.LogPosition;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.Execution.RunnerInfo;
import io.reflex.core.execution.ExecutionContext;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.StreamEvent;
import io.reflex.core.model.Action;
import io.reflex.core.model.RunnerType;
import io.reflex.core.store.Ids;
import io.reflex.executions.ExecutionResults;
import io.reflex.executions.ExecutionViews;
import io.reflex.executions.ExecutionWriter;
import io.reflex.templates.TemplateLimits;
import io.reflex.testing.InMemoryCoordinator;
import io.reflex.testing.InMemoryEventBus;
import io.reflex.testing.InMemoryStateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** In-memory backends and the runner parts over them, for unit tests of the runner's pipeline. */
final class Fakes implements AutoCloseable {
    final InMemoryStateStore store = new InMemoryStateStore();
    final InMemoryEventBus bus = new InMemoryEventBus();
    final InMemoryCoordinator coordinator = new InMemoryCoordinator();
    final ExecutionWriter writer = new ExecutionWriter(store.executions(), bus);
    final RunnerSettings settings;
    final Attempt.Parts parts;
    final List<StreamEvent> events = new CopyOnWriteArrayList<>();
    private final io.reflex.core.bus.Subscription eventReader;

    Fakes(Duration leaseTtl, int inlineLimit) {
        settings = new RunnerSettings(
                "host_1",
                4,
                leaseTtl,
                inlineLimit,
                Duration.ofSeconds(5),
                "http://127.0.0.1:9101/v1",
                "stanley",
                Duration.ofHours(24),
                TemplateLimits.DEFAULTS,
                null);
        parts = new Attempt.Parts(
                settings,
                Clock.systemUTC(),
                store.executions(),
                writer,
                new ExecutionResults(store, inlineLimit),
                new RunnerInfo("host", 1));
        eventReader = ExecutionViews.rendering(bus.log(Channels.EVENTS), new ExecutionViews.Options(true, ""))
                .read(LogPosition.first(), r -> events.add(r.body()));
    }

    Fakes() {
        this(Duration.ofMillis(300), 1024);
    }

    /** A stored execution of {@code ref} (runner {@code runner}) in {@code status}, reached legally. */
    Execution execution(String ref, String runner, ObjectNode parameters, ExecutionStatus... path) {
        return execution(ref, runner, Json.object(), parameters, path);
    }

    /** An execution of an action whose parameter schemas are {@code schemas} (their defaults render in the runner). */
    Execution execution(String ref, String runner, ObjectNode schemas, ObjectNode parameters, ExecutionStatus... path) {
        String[] parts = ref.split("\\.");
        Action action = new Action(
                Ids.newId(), parts[1], parts[0], null, true, null, runner, schemas.deepCopy(), null, null, null, null);
        Execution e = Execution.request(
                Ids.newId(), ExecutionStatus.REQUESTED, Timestamps.now(), action, RunnerType.named(runner), parameters);
        e = e.withContext(ExecutionContext.EMPTY.withUser("alice"));
        store.executions().insert(e);
        for (ExecutionStatus s : path) {
            Execution next = ExecutionWriter.oneStep(e, e.transitionTo(s, Timestamps.now()));
            if (!store.executions().compareAndSet(e, next)) {
                throw new IllegalStateException("could not move " + e.id() + " to " + s);
            }
            e = next;
        }
        return e;
    }

    Execution get(String id) {
        return store.executions().get(id).orElseThrow();
    }

    long updateEvents(String id) {
        return events.stream()
                .filter(ev -> ev.event().equals("st2.execution__update"))
                .filter(ev -> ev.data().path("id").asText().equals(id))
                .count();
    }

    @Override
    public void close() {
        eventReader.close();
        coordinator.close();
        bus.close();
        store.close();
    }
}
