package io.reflex.workflowengine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Store;
import io.reflex.core.store.StoreException;
import io.reflex.core.workflow.TaskLaunch;
import io.reflex.core.workflow.WorkflowExecution;
import io.reflex.executions.ExecutionLauncher;
import io.reflex.executions.LastWritten;
import io.reflex.orquesta.WorkflowSpec;
import io.reflex.orquesta.Workflows;
import io.reflex.workflowengine.conductor.Conductor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies workflow events to stored workflow states and carries out what they decide. Each event is applied by
 * compare-and-set on the state's version (re-read and re-applied when another engine wrote first), then the
 * state's pending launches are carried out, then a completed workflow's execution is given its final status and
 * result. Every step is idempotent, so a redelivered or replayed event, or an engine dying between steps, leaves
 * nothing doubled: the next delivery finds what is pending in the state and finishes it. Any engine may handle
 * any workflow. Thread-safe; blocking.
 *
 * <p>A launch carried out stays pending in the stored state until the next write of that workflow drops it
 * (the write of the next event that changes the state, usually the launched child's completion; never a write of
 * its own), sparing a write per launch: this engine remembers what it launched ({@link #launched}) and does not
 * launch it again; a child's completion or hold drops the child's own launch in any engine (a child that
 * completed was launched); any other engine finding the launch pending launches it again, which finds the child
 * by its derived id and starts nothing new. A recovery ({@link #recover}) drops what it launched at once, so a
 * sweep does not find it again.
 *
 * <p>Within one engine the events of one workflow are handled one at a time (a lock per workflow, striped):
 * the completions of a with-items task's concurrent items arrive together, and applying them side by side
 * only made all but one lose the compare-and-set and read, decide and write the whole state again. The
 * compare-and-set still decides between engines; the lock only spares this one's losing retries.
 */
final class WorkflowEngine {
    private static final Logger log = LoggerFactory.getLogger(WorkflowEngine.class);
    static final int ATTEMPTS = 100;
    private static final int CACHE_SIZE = 1_000;
    /**
     * Workflow states kept to try the next compare-and-set on: a state can be large (a with-items task holds every
     * item), and only the workflows whose events arrive close together gain from it.
     */
    private static final int STATES_KEPT = 256;

    private static final int LOCK_STRIPES = 256;
    static final java.time.Duration LOCK_WAIT = java.time.Duration.ofSeconds(5);

    private final Store<WorkflowExecution> workflows;
    private final TaskExecutions tasks;
    private final Conductor conductor;
    private final Workflows language = Workflows.standard();
    private final Map<String, Conductor.Workflow> definitions = new ConcurrentHashMap<>();
    /** Per workflow, the state this engine last read or wrote: what it tries its next compare-and-set on. */
    private final LastWritten<WorkflowExecution> known = new LastWritten<>(STATES_KEPT);
    /**
     * Per workflow, the children this engine launched whose launches may still be pending in the stored state:
     * not launched again here, and dropped from the state by this engine's next write of it.
     */
    private final LastWritten<Set<String>> launched = new LastWritten<>(STATES_KEPT);

    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

    WorkflowEngine(Store<WorkflowExecution> workflows, TaskExecutions tasks, Conductor conductor) {
        this.workflows = workflows;
        this.tasks = tasks;
        this.conductor = conductor;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /**
     * Runs {@code handling} holding the lock of workflow {@code id}'s events in this engine (reentrant: recovering
     * re-enters it). The lock only spares lost compare-and-sets, correctness does not rest on it: after
     * {@link #LOCK_WAIT} without it (a stripe shared with a workflow whose handling waits on this one) the
     * handling goes on unlocked.
     */
    private void locked(String id, Runnable handling) {
        ReentrantLock lock = locks[Math.floorMod(id.hashCode(), locks.length)];
        boolean held;
        try {
            held = lock.tryLock(LOCK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for workflow " + id);
        }
        try {
            handling.run();
        } finally {
            if (held) {
                lock.unlock();
            }
        }
    }

    /**
     * A workflow was requested (or its request redelivered), or its execution was asked to pause, resume or
     * cancel: start it, apply what its execution's status asks, then carry out what is pending.
     */
    void requested(String id) {
        locked(id, () -> requestedLocked(id));
    }

    private void requestedLocked(String id) {
        Optional<WorkflowExecution> state = advance(id, s -> conductor.start(s, definition(s)));
        if (state.isEmpty()) {
            log.warn("workflow request for a missing workflow state execution={}", id);
            return;
        }
        control(state.get());
    }

    /**
     * Handles workflow {@code id} as if its request and the announcements of its active children came again:
     * what a lost message left undone (launches, a finish, a completion not applied, a pause or cancel not
     * applied) is done; a workflow waiting for running tasks is left as it is.
     */
    void recover(String id) {
        requested(id);
        workflows.get(id).filter(s -> !s.closed()).ifPresent(s -> {
            for (String child : Conductor.activeChildren(s)) {
                taskCompleted(child);
            }
        });
        // what this engine launched is dropped now: a workflow waiting for a long task is not launched again
        // by the next sweep of another engine
        locked(id, () -> apply(id, s -> withoutLaunches(s, launched.getOrDefault(id, Set.of()))));
    }

    /** A task's child execution completed or is held (or its announcement was redelivered). */
    void taskCompleted(String childId) {
        Optional<TaskExecutions.Completion> c = tasks.completion(childId);
        if (c.isEmpty()) {
            log.debug("task completion ignored child={}", childId);
            return;
        }
        TaskExecutions.Completion done = c.get();
        locked(done.workflowId(), () -> {
            Optional<WorkflowExecution> state = advance(done.workflowId(), s -> {
                // the child evidently was launched: its launch, if still pending, is done with (in any engine)
                WorkflowExecution t = withoutLaunches(s, Set.of(childId));
                return done.status().completed()
                        ? conductor.taskCompleted(t, definition(t), childId, done.status(), done.result())
                        : conductor.taskHeld(t, definition(t), childId, done.status());
            });
            if (state.isPresent() && state.get().status() != ExecutionStatus.RUNNING) {
                control(state.get());
            }
        });
    }

    /**
     * Brings the workflow's state and its execution's status together: a pause, resume or cancel asked of the
     * execution is applied to the state (a workflow paused only by its held tasks resumes by itself once none
     * is held), reaches the children that are still active, and the execution follows the state where it lags.
     * Idempotent: each redelivery reaches the children again.
     */
    private void control(WorkflowExecution state) {
        if (state.closed()) {
            return;
        }
        ExecutionStatus asked = tasks.status(state.id()).orElse(null);
        if (asked == null) {
            return;
        }
        boolean resumed = false;
        UnaryOperator<WorkflowExecution> event = switch (asked) {
            case PAUSING, PAUSED -> s -> conductor.pause(s, definition(s));
            case CANCELING, CANCELED -> s -> conductor.cancel(s, definition(s));
            case RESUMING -> s -> conductor.resume(s, definition(s));
            case RUNNING -> s -> Conductor.holdsTasks(s) ? s : conductor.resume(s, definition(s));
            default -> null;
        };
        if (event != null) {
            ExecutionStatus before = state.status();
            state = advance(state.id(), event).orElse(state);
            resumed = asked == ExecutionStatus.RESUMING
                    || (before == ExecutionStatus.PAUSING || before == ExecutionStatus.PAUSED)
                            && state.status() == ExecutionStatus.RUNNING;
        }
        List<String> children = Conductor.activeChildren(state);
        switch (state.status()) {
            case PAUSING, PAUSED -> tasks.pauseChildren(children);
            case CANCELING -> tasks.cancelChildren(children);
            case RUNNING -> {
                if (resumed) {
                    tasks.resumeChildren(children);
                }
            }
            default -> {}
        }
        tasks.follow(state.id(), state.status());
        log.debug("workflow controlled execution={} asked={} status={}", state.id(), asked, state.status());
    }

    private Optional<WorkflowExecution> advance(String id, UnaryOperator<WorkflowExecution> event) {
        WorkflowExecution state = apply(id, event).orElse(null);
        if (state == null) {
            return Optional.empty();
        }
        while (!unlaunched(state).isEmpty() || Conductor.finished(state)) {
            state = carryOut(state);
        }
        return Optional.of(state);
    }

    /** The launches of {@code state} this engine did not carry out yet. */
    private List<TaskLaunch> unlaunched(WorkflowExecution state) {
        Set<String> done = launched.getOrDefault(state.id(), Set.of());
        return state.launches().stream()
                .filter(l -> !done.contains(l.executionId()))
                .toList();
    }

    /** {@code s} without the launches of {@code ids}; {@code s} itself when it holds none of them. */
    private static WorkflowExecution withoutLaunches(WorkflowExecution s, Set<String> ids) {
        return s.launches().stream().anyMatch(l -> ids.contains(l.executionId())) ? s.withoutLaunches(ids) : s;
    }

    /**
     * The event applied by compare-and-set; the state stored afterwards (unchanged when the event changed nothing).
     * The first attempt starts from the state this engine last read or wrote ({@link #known}), sparing a read:
     * when another engine wrote since, the compare-and-set fails and the next attempt reads. A decision to write
     * nothing is only taken on a state just read, as is a refusal (an exception) of the event. A state the event
     * changes is written without the launches this engine carried out ({@link #launched}).
     */
    private Optional<WorkflowExecution> apply(String id, UnaryOperator<WorkflowExecution> given) {
        UnaryOperator<WorkflowExecution> event = s -> {
            WorkflowExecution next = given.apply(s);
            return next == s ? s : withoutLaunches(next, launched.getOrDefault(id, Set.of()));
        };
        WorkflowExecution remembered = known.get(id);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            boolean fresh = remembered == null;
            WorkflowExecution current = fresh ? workflows.get(id).orElse(null) : remembered;
            remembered = null;
            if (current == null) {
                known.remove(id);
                return Optional.empty();
            }
            WorkflowExecution next;
            try {
                next = event.apply(current);
            } catch (RuntimeException e) {
                if (fresh) {
                    throw e;
                }
                continue;
            }
            if (next == current && !fresh) {
                continue;
            }
            if (next == current || cas(current, next)) {
                if (next != current) {
                    log.debug("workflow advanced execution={} version={} status={}", id, next.version(), next.status());
                }
                remember(next);
                return Optional.of(next);
            }
        }
        known.remove(id);
        throw new StoreException("workflow " + id + ": state kept changing under " + ATTEMPTS + " attempts");
    }

    /** Keeps {@code state} as the one to try first next time; a closed workflow is forgotten. */
    private void remember(WorkflowExecution state) {
        if (state.closed()) {
            known.remove(state.id());
            definitions.remove(state.id());
            launched.remove(state.id());
            return;
        }
        known.put(state.id(), state);
        Set<String> pending = launched.get(state.id());
        if (pending != null) {
            pending.removeIf(child ->
                    state.launches().stream().noneMatch(l -> l.executionId().equals(child)));
        }
    }

    /**
     * Launches what is pending and not launched by this engine yet (its launches are dropped by the next write of
     * the workflow); finishes a completed workflow. Returns the state stored after.
     */
    private WorkflowExecution carryOut(WorkflowExecution state) {
        List<TaskLaunch> pending = unlaunched(state);
        WorkflowExecution after = state;
        var actions = tasks.resolver();
        for (TaskLaunch l : pending) {
            try {
                tasks.launch(state, l, actions);
                remembered(state.id()).add(l.executionId());
                log.info(
                        "workflow task launched execution={} task={} route={} item={} child={}",
                        state.id(),
                        l.task(),
                        l.route(),
                        l.item(),
                        l.executionId());
            } catch (ExecutionLauncher.Refused e) {
                after = refused(state.id(), l, e.getMessage());
            }
        }
        if (!pending.isEmpty()) {
            return after; // its launches stay pending until the next write, launched here
        }
        tasks.finish(state.id(), state.status(), Conductor.result(state));
        log.info(
                "workflow finished execution={} status={} errors={}",
                state.id(),
                state.status(),
                state.errors().size());
        return apply(state.id(), s -> Conductor.finished(s) ? s.asClosed() : s).orElseThrow();
    }

    private Set<String> remembered(String id) {
        // past STATES_KEPT workflows all are forgotten: forgotten launches are launched again, finding their children
        return launched.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet());
    }

    /** A child that could not even be requested: the task fails with StackStorm's error result. */
    private WorkflowExecution refused(String id, TaskLaunch l, String why) {
        ObjectNode result = Json.object().put("error", why);
        WorkflowExecution after = apply(
                        id,
                        s -> conductor.taskCompleted(
                                withoutLaunches(s, Set.of(l.executionId())),
                                definition(s),
                                l.executionId(),
                                ExecutionStatus.FAILED,
                                result))
                .orElseThrow();
        log.warn("workflow task refused execution={} task={} error={}", id, l.task(), why);
        return after;
    }

    private boolean cas(WorkflowExecution current, WorkflowExecution next) {
        return workflows.replaceIf(next, Filter.eq("version", current.version()));
    }

    private Conductor.Workflow definition(WorkflowExecution s) {
        Conductor.Workflow w = definitions.get(s.id());
        if (w == null) {
            WorkflowSpec spec = language.read(s.spec());
            w = new Conductor.Workflow(spec, language.graph(spec));
            if (definitions.size() >= CACHE_SIZE) {
                definitions.clear();
            }
            definitions.put(s.id(), w);
        }
        return w;
    }
}
