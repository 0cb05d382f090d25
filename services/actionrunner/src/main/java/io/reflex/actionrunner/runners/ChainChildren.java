package io.reflex.actionrunner.runners;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.reflex.core.bus.EventBus;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionContext;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.execution.ResolvedAction;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.ExecutionRequested;
import io.reflex.core.store.ContentQueries;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.StoreException;
import io.reflex.executions.ExecutionLauncher;
import io.reflex.executions.ExecutionViews;
import io.reflex.executions.ExecutionWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks of a workflow as executions of their own: launched through the {@link ExecutionLauncher} (so
 * they are validated, stored, requested and run by whichever runner takes them, policies included) and
 * awaited by polling the store. Launching an id that exists returns that execution, which is what makes a
 * re-run chain find the tasks it already ran. A pause or cancel of the chain reaches a task only when
 * that task is itself a workflow, as StackStorm cascades them to workflow children only.
 */
final class ChainChildren {
    private static final Duration MAX_POLL = Duration.ofMillis(500);

    private static final Logger log = LoggerFactory.getLogger(ChainChildren.class);

    private final ExecutionLauncher launcher;
    private final ExecutionWriter writer;
    private final StateStore store;
    private final EventBus bus;
    private final Duration firstPoll;

    ChainChildren(
            ExecutionLauncher launcher, ExecutionWriter writer, StateStore store, EventBus bus, Duration firstPoll) {
        this.launcher = launcher;
        this.writer = writer;
        this.store = store;
        this.bus = bus;
        this.firstPoll = firstPoll;
    }

    /** The task's action, resolved; empty when no action has that ref. */
    Optional<ResolvedAction> action(String ref) {
        return store.store(Kinds.ACTION).findOne(ContentQueries.byRef(ref)).map(launcher.resolver()::resolve);
    }

    /** @throws ExecutionLauncher.Refused when the task's request is not acceptable */
    Execution launch(String id, ResolvedAction action, ObjectNode parameters, String user, ObjectNode context) {
        return launcher.launch(new ExecutionLauncher.Launch(
                id, action, parameters, user, ExecutionContext.of(context), null, null, null));
    }

    /**
     * Cancels a workflow task left behind by a canceled chain: a paused one is canceled at once, any other
     * becomes {@code canceling} for whoever runs it. Nothing is done to a task that completed meanwhile.
     */
    void cancelWorkflow(Execution task) {
        changeWorkflow(task, "cancel", c -> {
            if (!ExecutionStatus.CANCELABLE.contains(c.status())) {
                return c;
            }
            ExecutionStatus to =
                    c.status() == ExecutionStatus.PAUSED ? ExecutionStatus.CANCELED : ExecutionStatus.CANCELING;
            return c.transitionTo(to, Timestamps.now());
        });
    }

    /**
     * Asks a running workflow task of a pausing chain to pause too ({@code pausing}, by the chain's user):
     * it pauses after its own task in flight, and the chain pauses once it has.
     */
    void pauseWorkflow(Execution task, String user) {
        changeWorkflow(
                task,
                "pause",
                c -> c.status() == ExecutionStatus.RUNNING
                        ? withContext(c, "paused_by", user).transitionTo(ExecutionStatus.PAUSING, Timestamps.now())
                        : c);
    }

    /**
     * Resumes a paused workflow task of a resumed chain ({@code resuming}, requested again for a runner to
     * take it up where it paused); returns the latest record.
     */
    Execution resumeWorkflow(Execution task, String user) {
        Execution after = changeWorkflow(
                task,
                "resume",
                c -> c.status() == ExecutionStatus.PAUSED
                        ? withContext(c, "resumed_by", user).transitionTo(ExecutionStatus.RESUMING, Timestamps.now())
                        : c);
        if (after.status() == ExecutionStatus.RESUMING) {
            bus.publish(Channels.EXECUTIONS_REQUESTED, after.id(), new ExecutionRequested(after.id()));
            log.info("chain task resumed task={}", after.id());
        }
        return after;
    }

    static boolean isWorkflow(Execution task) {
        return ExecutionViews.WORKFLOW_RUNNERS.contains(task.runner().name());
    }

    private Execution changeWorkflow(Execution task, String verb, UnaryOperator<Execution> change) {
        if (!isWorkflow(task)) {
            return task;
        }
        try {
            return writer.apply(task.id(), change);
        } catch (RuntimeException e) {
            log.warn("chain task not changed verb={} task={} error={}", verb, task.id(), e.toString());
            return task;
        }
    }

    private static Execution withContext(Execution e, String key, String value) {
        return e.withContext(e.context().with(key, TextNode.valueOf(value)));
    }

    /**
     * Waits until execution {@code id} completes, waits itself ({@code paused}, or {@code pending} for an
     * answer), or until {@code stop} says so; returns the latest record. {@code each} sees every record
     * read while the task runs. Store errors are retried, since the task goes on without us.
     */
    Execution await(String id, BooleanSupplier stop, Consumer<Execution> each) throws InterruptedException {
        long pollMs = Math.max(1, firstPoll.toMillis());
        Execution last = null;
        while (true) {
            last = read(id, last);
            if (last.status().completed() || waits(last) || stop.getAsBoolean()) {
                return last;
            }
            each.accept(last);
            Thread.sleep(pollMs);
            pollMs = Math.min(MAX_POLL.toMillis(), pollMs * 2);
        }
    }

    /** Whether a task waits for someone (an answer, a resume) rather than for a runner. */
    static boolean waits(Execution task) {
        return task.status() == ExecutionStatus.PAUSED || task.status() == ExecutionStatus.PENDING;
    }

    /** Whether the chain {@code id} was asked to pause (a store error counts as no). */
    boolean pausing(String id) {
        try {
            return store.executions()
                    .get(id)
                    .map(e -> e.status() == ExecutionStatus.PAUSING)
                    .orElse(false);
        } catch (StoreException e) {
            return false;
        }
    }

    private Execution read(String id, Execution previous) {
        try {
            return store.executions()
                    .get(id)
                    .orElseThrow(() -> new IllegalStateException("task execution " + id + " does not exist"));
        } catch (StoreException e) {
            if (previous == null) {
                throw e;
            }
            return previous; // the store is away for a moment: keep waiting with what we knew
        }
    }
}
