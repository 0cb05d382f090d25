package io.reflex.actionrunner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.actionrunner.runners.NoopRunner;
import io.reflex.actionrunner.runners.Runner;
import io.reflex.actionrunner.runners.Runner.RunContext;
import io.reflex.core.bus.Delivery;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionContext;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.messages.Channels.ExecutionRequested;
import io.reflex.core.store.ExecutionStore;
import io.reflex.core.store.StateStore;
import io.reflex.runtime.backend.Backends;
import io.reflex.runtime.content.ContentSettings;
import io.reflex.templates.Datastore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One request through admission, claim, run and finish, on in-memory backends. */
class ExecutionHandlerTest {
    @TempDir
    Path dir;

    final Fakes fx = new Fakes(java.time.Duration.ofMillis(300), 1 << 20);

    @AfterEach
    void close() {
        fx.close();
    }

    private RequestConsumer handler(Runner... runners) {
        return handler(fx.store, runners);
    }

    private RequestConsumer handler(StateStore store, Runner... runners) {
        return ActionRunnerService.consumer(
                new Backends(store, fx.bus, fx.coordinator),
                fx.settings,
                List.of(runners),
                fx.writer,
                Datastore.EMPTY,
                new RequestConsumer.Drain(),
                new ContentSettings(
                        dir.resolve("packs"), dir.resolve("configs"), dir.resolve("cache"), dir.resolve("venvs")),
                Clock.systemUTC());
    }

    private static Delivery<ExecutionRequested> request(String id) {
        return new Delivery<>(new ExecutionRequested(id), id, "", 1);
    }

    @Test
    void aRequestedExecutionRunsToItsRunnersOutcome() throws Exception {
        Execution e = fx.execution("p.a", "noop", Json.object());
        handler(new NoopRunner()).handle(request(e.id()));
        Execution done = fx.get(e.id());
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.result().path("succeeded").asBoolean()).isTrue();
    }

    /** The noop runner, named {@code noop}, telling {@code seen} of each run first. */
    private static Runner noopSeeing(java.util.function.Consumer<RunContext> seen) {
        return new Runner() {
            @Override
            public String name() {
                return "noop";
            }

            @Override
            public Runner.Result run(RunContext context) {
                seen.accept(context);
                return new NoopRunner().run(context);
            }
        };
    }

    private static Delivery<ExecutionRequested> carrying(Execution e) {
        return new Delivery<>(new ExecutionRequested(e.id(), e, null, List.of()), e.id(), "", 1);
    }

    @Test
    void theClaimClearsTheCreationAnnouncementTheRequestSaysWasPublishedAndOnlyThen() throws Exception {
        Execution created = created();
        handler(new NoopRunner())
                .handle(new Delivery<>(
                        new ExecutionRequested(created.id(), created, null, List.of(created.version())),
                        created.id(),
                        "",
                        1));
        Execution done = fx.get(created.id());
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.outbox())
                .as("the claim cleared the creation's, the outcome its own")
                .isEmpty();

        Execution unknown = created();
        handler(new NoopRunner()).handle(carrying(unknown));
        assertThat(fx.get(unknown.id()).outbox())
                .as("a request that does not say it was published leaves it to its launcher or the sweep")
                .extracting(Execution.Announcement::version)
                .containsExactly(unknown.version());
    }

    /** A requested execution stored with its creation's announcement pending, as a launcher stores one. */
    private Execution created() {
        Execution requested = fx.execution("p.a", "noop", Json.object());
        Execution created = fx.writer.creating(requested, List.of(Execution.Announcement.CREATE), false);
        assertThat(fx.store
                        .executions()
                        .replaceIf(created, io.reflex.core.store.Filter.eq("version", requested.version())))
                .isTrue();
        return created;
    }

    @Test
    void aRequestCarryingTheStoredRecordIsClaimedWithoutAReadFirst() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        int[] readsBeforeTheRun = {-1, -1};
        int[] runs = {0};
        Runner seeing = noopSeeing(context -> readsBeforeTheRun[runs[0]++] = reads.get());
        RequestConsumer handler = handler(readsCounted(reads), seeing);

        Execution carried = fx.execution("p.a", "noop", Json.object());
        handler.handle(carrying(carried));
        Execution named = fx.execution("p.a", "noop", Json.object());
        reads.set(0);
        handler.handle(request(named.id()));

        assertThat(readsBeforeTheRun)
                .as("execution reads before the run: carried, then named only")
                .containsExactly(0, 1);
        assertThat(fx.get(carried.id()).log())
                .extracting(Execution.StatusChange::status)
                .containsExactly(
                        ExecutionStatus.REQUESTED,
                        ExecutionStatus.SCHEDULED,
                        ExecutionStatus.RUNNING,
                        ExecutionStatus.SUCCEEDED);
    }

    /** {@code fx.store}, counting the reads of one execution by id in {@code reads}. */
    private StateStore readsCounted(AtomicInteger reads) {
        ExecutionStore executions = (ExecutionStore) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ExecutionStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("get")) {
                        reads.incrementAndGet();
                    }
                    return invoke(method, fx.store.executions(), args);
                });
        return (StateStore) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {StateStore.class},
                (proxy, method, args) ->
                        method.getName().equals("executions") ? executions : invoke(method, fx.store, args));
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void aCarriedRecordThatChangedSinceIsNotRunAgainNorOverwritten() throws Exception {
        Execution requested = fx.execution("p.a", "noop", Json.object());
        handler(new NoopRunner()).handle(carrying(requested));
        Execution done = fx.get(requested.id());
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);

        int[] runs = {0};
        Runner counting = noopSeeing(context -> runs[0]++);
        handler(counting).handle(carrying(requested)); // redelivered: the record it carries is stale
        assertThat(runs[0]).isZero();
        assertThat(fx.get(requested.id())).isEqualTo(done);

        Execution canceled = fx.execution("p.a", "noop", Json.object());
        fx.writer.apply(canceled.id(), c -> c.transitionTo(ExecutionStatus.CANCELED, java.time.Instant.now()));
        handler(counting).handle(carrying(canceled));
        assertThat(runs[0]).as("canceled after the request was published").isZero();
        assertThat(fx.get(canceled.id()).status()).isEqualTo(ExecutionStatus.CANCELED);
    }

    /**
     * A retry cannot know whether the run it replaces had its effect before its runner died; every run of a
     * retry chain is given the chain's first execution id, so an action can key its effect on it.
     */
    @Test
    void everyRunOfARetryChainIsGivenTheFirstExecutionIdAsItsIdempotencyKey() throws Exception {
        Execution first = fx.execution("p.a", "keyed", Json.object());
        Execution second = retryOf(fx.execution("p.a", "keyed", Json.object()), first, 1);
        Execution third = retryOf(fx.execution("p.a", "keyed", Json.object()), second, 2);
        List<String> keys = new java.util.concurrent.CopyOnWriteArrayList<>();
        Runner keyed = new Runner() {
            @Override
            public String name() {
                return "keyed";
            }

            @Override
            public Runner.Result run(RunContext context) {
                keys.add(context.env().get(Preparation.IDEMPOTENCY_KEY));
                return new NoopRunner().run(context);
            }
        };
        RequestConsumer handler = handler(keyed);
        handler.handle(request(third.id()));
        handler.handle(request(first.id()));

        assertThat(keys).containsExactly(first.id(), first.id());
        assertThat(fx.get(third.id()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    private Execution retryOf(Execution e, Execution retried, int count) {
        Execution retry =
                e.withContext(e.context().withRetry(new ExecutionContext.Retry("p.retry", count, retried.id())));
        assertThat(fx.store.executions().compareAndSet(e, retry)).isTrue();
        return retry;
    }

    @Test
    void parametersStillRenderingWhenTheTimeoutRunsOutEndTheExecutionTimeout() throws Exception {
        // stored parameters are data; the action's default is the template the runner renders
        ObjectNode schemas = Json.object();
        schemas.putObject("payload")
                .put("type", "string")
                .put("default", "{% for i in range(100000) %}{{ ('x'|center(1000000))|length }}{% endfor %}");
        Execution e = fx.execution("p.a", "noop", schemas, Json.object().put("timeout", 1));
        handler(new NoopRunner()).handle(request(e.id()));
        Execution done = fx.get(e.id());
        assertThat(done.status()).isEqualTo(ExecutionStatus.TIMEOUT);
        assertThat(done.result().path("error").asText())
                .contains("parameter rendering exceeded the execution timeout (1s)");
    }

    @Test
    void aRequestForAnExecutionThatIsNotWaitingChangesNothing() throws Exception {
        Execution e = fx.execution("p.a", "noop", Json.object(), ExecutionStatus.SCHEDULED, ExecutionStatus.RUNNING);
        handler(new NoopRunner()).handle(request(e.id()));
        handler(new NoopRunner()).handle(request("000000000000000000000000"));
        assertThat(fx.get(e.id())).isEqualTo(e);
    }

    @Test
    void aRunnerThatThrowsFailsTheExecutionWithErrorAndTraceback() throws Exception {
        Runner broken = new Runner() {
            @Override
            public String name() {
                return "noop";
            }

            @Override
            public Runner.Result run(RunContext context) {
                throw new IllegalStateException("runner broke");
            }
        };
        Execution e = fx.execution("p.a", "noop", Json.object());
        handler(broken).handle(request(e.id()));
        Execution done = fx.get(e.id());
        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.result().path("error").asText()).isEqualTo("runner broke");
        assertThat(done.result().path("traceback").asText())
                .contains(e.id())
                .doesNotContain("IllegalStateException")
                .doesNotContain("\tat ");
    }

    @Test
    void anUnknownRunnerTypeFailsTheExecutionSayingSo() throws Exception {
        Execution e = fx.execution("p.a", "mistral-v2", Json.object());
        handler(new NoopRunner()).handle(request(e.id()));
        Execution done = fx.get(e.id());
        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.result().path("error").asText()).contains("mistral-v2").contains("not available");
    }
}
