package io.reflex.api.executions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.content.Catalogue;
import io.reflex.core.bus.LogPosition;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.StreamEvent;
import io.reflex.core.model.Action;
import io.reflex.core.model.Pack;
import io.reflex.core.store.Kinds;
import io.reflex.executions.ExecutionViews;
import io.reflex.rbac.Authorizer;
import io.reflex.testing.FaultyEventBus;
import io.reflex.testing.InMemoryCoordinator;
import io.reflex.testing.InMemoryEventBus;
import io.reflex.testing.InMemoryStateStore;
import io.reflex.web.ApiException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requesting and changing executions against in-memory backends: records, bus messages, stream events. */
class ExecutionsRequestsTest {
    private InMemoryStateStore store;
    private InMemoryEventBus bus;
    private FaultyEventBus faultyBus;
    private ExecutionsRequests requests;
    private ExecutionsUpdates updates;
    private Action action;

    @BeforeEach
    void setUp() {
        store = new InMemoryStateStore();
        bus = new InMemoryEventBus();
        faultyBus = new FaultyEventBus(bus);
        store.store(Kinds.RUNNER_TYPE)
                .insert(Catalogue.runnerType("local-shell-cmd").orElseThrow());
        store.store(Kinds.PACK)
                .insert(new Pack(
                        "p1",
                        "core",
                        "core",
                        null,
                        null,
                        "1.0.0",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        "sha256-abc"));
        ObjectNode params = Json.read(
                "{\"cmd\": {\"type\": \"string\", \"required\": true}, \"sudo\": {\"immutable\": true}}",
                ObjectNode.class);
        action = new Action("a1", "local", "core", "", true, "", "local-shell-cmd", params, null, null, null, null);
        store.store(Kinds.ACTION).insert(action);
        ApiContext api = new ApiContext(
                store,
                faultyBus,
                new InMemoryCoordinator(),
                Authorizer.DISABLED,
                Clock.systemUTC(),
                new ApiContext.Settings(100, true, "http://api", "", "st2admin"),
                new io.reflex.runtime.content.ContentSettings(Path.of("p"), Path.of("c"), Path.of("x"), Path.of("v")));
        io.reflex.executions.ExecutionWriter writer =
                new io.reflex.executions.ExecutionWriter(store.executions(), api.bus());
        updates = new ExecutionsUpdates(writer, api.bus(), Clock.systemUTC());
        requests = new ExecutionsRequests(
                api, new io.reflex.executions.ExecutionLauncher(store, api.bus(), writer, Clock.systemUTC(), null));
    }

    @AfterEach
    void tearDown() {
        bus.close();
        store.close();
    }

    private ExecutionsRequests.Request request(String json) {
        return new ExecutionsRequests.Request(
                requests.action(action.ref()), Json.read(json, ObjectNode.class), "alice", null, null, null);
    }

    @Test
    void requestStoresOneRecordPublishesItAndAppendsCreateEvents() {
        List<String> published = new CopyOnWriteArrayList<>();
        bus.consume(
                Channels.EXECUTIONS_REQUESTED, 1, d -> published.add(d.body().executionId()));
        List<StreamEvent> events = new CopyOnWriteArrayList<>();
        ExecutionViews.rendering(bus.log(Channels.EVENTS), new ExecutionViews.Options(true, ""))
                .read(LogPosition.first(), r -> events.add(r.body()));

        Execution e = requests.request(request("{\"cmd\": \"date\", \"sudo_password\": \"hunter2\"}"));

        assertThat(store.executions().find(io.reflex.core.store.Query.all()))
                .extracting(Execution::id)
                .containsExactly(e.id());
        assertThat(e.status()).isEqualTo(ExecutionStatus.REQUESTED);
        assertThat(e.packVersion()).isEqualTo("sha256-abc");
        assertThat(e.context().get("user").asText()).isEqualTo("alice");
        assertThat(e.parameters().get("sudo_password").asText()).isEqualTo("hunter2");
        await().untilAsserted(() -> assertThat(published).containsExactly(e.id()));
        await().untilAsserted(() -> assertThat(events)
                .extracting(StreamEvent::event)
                .containsExactly("st2.execution__create", "st2.liveaction__create"));
        assertThat(events.get(0).data().at("/parameters/sudo_password").asText())
                .isEqualTo("********");
        assertThat(events.get(1).data().at("/parameters/sudo_password").asText())
                .isEqualTo("********");
        assertThat(events.get(1).data().get("action").asText()).isEqualTo("core.local");
    }

    @Test
    void anUnconfirmedPublishLeavesTheExecutionRequested() {
        faultyBus.cutAllPublishes();
        Execution e = requests.request(request("{\"cmd\": \"date\"}"));
        assertThat(store.executions().get(e.id()).orElseThrow().status()).isEqualTo(ExecutionStatus.REQUESTED);
    }

    @Test
    void aDelayMakesTheExecutionDelayed() {
        Execution e = requests.request(new ExecutionsRequests.Request(
                requests.action(action.ref()),
                Json.read("{\"cmd\": \"date\"}", ObjectNode.class),
                "alice",
                null,
                null,
                5000));
        assertThat(e.status()).isEqualTo(ExecutionStatus.DELAYED);
        assertThat(e.delay()).isEqualTo(5000);
    }

    @Test
    void refusedRequestsWriteNothing() {
        assertThatThrownBy(() -> requests.request(request("{}")))
                .isInstanceOf(ApiException.class)
                .hasMessage("'cmd' is a required property");
        assertThatThrownBy(() -> requests.request(request("{\"cmd\": \"x\", \"sudo\": true}")))
                .hasMessage("Override of immutable parameter(s) ['sudo'] is unsupported.");
        assertThatThrownBy(() -> requests.request(request("{\"cmd\": \"x\", \"nope\": 1}")))
                .hasMessage("Additional properties are not allowed ('nope' was unexpected)");
        assertThatThrownBy(() -> requests.request(request("{\"cmd\": \"x\", \"timeout\": \"soon\"}")))
                .hasMessage("'soon' is not of type 'integer' (parameter 'timeout')");
        assertThat(store.executions().count(io.reflex.core.store.Filter.all())).isZero();
    }

    @Test
    void cancellingDependsOnWhetherARunnerHasTheExecution() {
        Execution queued = requests.request(request("{\"cmd\": \"date\"}"));
        Execution canceled = updates.cancel(queued.id(), "bob");
        assertThat(canceled.status()).isEqualTo(ExecutionStatus.CANCELED);
        assertThat(canceled.endTimestamp()).isNotNull();
        assertThat(canceled.result().get("message").asText()).isEqualTo("Action canceled by user.");
        assertThat(canceled.context().get("cancelled_by").asText()).isEqualTo("bob");
        assertThat(canceled.version())
                .as("the cancel, then its announcement cleared")
                .isEqualTo(queued.version() + 2);
        assertThat(canceled.outbox())
                .as("the creation's, published and left for a runner's claim that never came")
                .extracting(Execution.Announcement::version)
                .containsExactly(queued.version());
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(store.executions()
                                .get(queued.id())
                                .orElseThrow()
                                .outbox())
                        .as("cleared a moment later")
                        .isEmpty());

        Execution running = run(requests.request(request("{\"cmd\": \"date\"}")));
        assertThat(updates.cancel(running.id(), "bob").status()).isEqualTo(ExecutionStatus.CANCELING);

        Execution done = store.executions()
                .get(run(requests.request(request("{\"cmd\": \"date\"}"))).id())
                .orElseThrow();
        store.executions().compareAndSet(done, done.transitionTo(ExecutionStatus.SUCCEEDED, Timestamps.now()));
        assertThatThrownBy(() -> updates.cancel(done.id(), "bob"))
                .isInstanceOf(ExecutionsUpdates.NotCancelable.class)
                .hasMessage("Action cannot be canceled. State = succeeded.");
    }

    @Test
    void aLostCompareAndSetIsRetriedOnTheNewRecord() {
        Execution e = requests.request(request("{\"cmd\": \"date\"}"));
        AtomicBoolean raced = new AtomicBoolean();
        Execution result = updates.apply(e.id(), current -> {
            if (raced.compareAndSet(false, true)) {
                // another writer (a scheduler) gets in between our read and our write
                store.executions()
                        .compareAndSet(current, current.transitionTo(ExecutionStatus.SCHEDULED, Timestamps.now()));
            }
            return updates.statusChange(current, ExecutionStatus.CANCELED, null, "bob");
        });
        assertThat(result.status()).isEqualTo(ExecutionStatus.CANCELED);
        assertThat(result.log())
                .extracting(c -> c.status().wire())
                .containsExactly("requested", "scheduled", "canceled");
    }

    private Execution run(Execution e) {
        Execution scheduled = e.transitionTo(ExecutionStatus.SCHEDULED, Timestamps.now());
        assertThat(store.executions().compareAndSet(e, scheduled)).isTrue();
        Execution running = scheduled.transitionTo(ExecutionStatus.RUNNING, Timestamps.now());
        assertThat(store.executions().compareAndSet(scheduled, running)).isTrue();
        return running;
    }
}
