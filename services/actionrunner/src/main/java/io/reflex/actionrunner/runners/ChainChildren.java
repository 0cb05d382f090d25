package io.reflex.actionrunner.runners;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionContext;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.execution.ResolvedAction;
import io.reflex.core.json.Timestamps;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.StoreException;
import io.reflex.executions.ExecutionLauncher;
import io.reflex.executions.ExecutionViews;
import io.reflex.executions.ExecutionWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks of a workflow as executions of their own: launched through the {@link ExecutionLauncher} (so
 * they are validated, stored, requested and run by whichever runner takes them, policies included) and
 * awaited by polling the store. Launching an id that exists returns that execution, which is what makes a
 * re-run chain find the tasks it already ran.
 */
final class ChainChildren {
    private static final Duration MAX_POLL = Duration.ofMillis(500);

    private static final Logger log = LoggerFactory.getLogger(ChainChildren.class);

    private final ExecutionLauncher launcher;
    private final ExecutionWriter writer;
    private final StateStore store;
    private final Duration firstPoll;

    ChainChildren(ExecutionLauncher launcher, ExecutionWriter writer, StateStore store, Duration firstPoll) {
        this.launcher = launcher;
        this.writer = writer;
        this.store = store;
        this.firstPoll = firstPoll;
    }

    /** The task's action, resolved; empty when no action has that ref. */
    Optional<ResolvedAction> action(String ref) {
        return store.store(Kinds.ACTION).findOne(Filter.eq("ref", ref)).map(launcher.resolver()::resolve);
    }

    /** @throws ExecutionLauncher.Refused when the task's request is not acceptable */
    Execution launch(String id, ResolvedAction action, ObjectNode parameters, String user, ObjectNode context) {
        return launcher.launch(new ExecutionLauncher.Launch(
                id, action, parameters, user, ExecutionContext.of(context), null, null, null));
    }

    /**
     * Cancels a workflow task left behind by a canceled chain, as StackStorm cascades a cancel to workflow
     * children only (any other task finishes on its own): a paused one is canceled at once, any other
     * becomes {@code canceling} for whoever runs it. Nothing is done to a task that completed meanwhile.
     */
    void cancelWorkflow(Execution task) {
        if (!ExecutionViews.WORKFLOW_RUNNERS.contains(task.runner().name())) {
            return;
        }
        try {
            writer.apply(task.id(), c -> {
                if (!ExecutionStatus.CANCELABLE.contains(c.status())) {
                    return c;
                }
                ExecutionStatus to =
                        c.status() == ExecutionStatus.PAUSED ? ExecutionStatus.CANCELED : ExecutionStatus.CANCELING;
                return c.transitionTo(to, Timestamps.now());
            });
        } catch (RuntimeException e) {
            log.warn("chain task not canceled task={} error={}", task.id(), e.toString());
        }
    }

    /**
     * Waits until execution {@code id} completes, or until {@code stop} says so; returns the latest record.
     * A {@code pending} task (an inquiry) is waited for like a running one. Store errors are retried, since
     * the task goes on without us.
     */
    Execution await(String id, BooleanSupplier stop) throws InterruptedException {
        long pollMs = Math.max(1, firstPoll.toMillis());
        Execution last = null;
        while (true) {
            last = read(id, last);
            if (last.status().completed() || stop.getAsBoolean()) {
                return last;
            }
            Thread.sleep(pollMs);
            pollMs = Math.min(MAX_POLL.toMillis(), pollMs * 2);
        }
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
