package io.reflex.workflowengine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.bus.EventBus;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionContext;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.execution.ResolvedAction;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.ExecutionRequested;
import io.reflex.core.store.StateStore;
import io.reflex.core.workflow.TaskLaunch;
import io.reflex.core.workflow.WorkflowExecution;
import io.reflex.executions.ExecutionLauncher;
import io.reflex.executions.ExecutionResults;
import io.reflex.executions.ExecutionViews;
import io.reflex.executions.ExecutionWriter;
import io.reflex.templates.ParameterRenderer;
import io.reflex.templates.TemplateException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The workflow engine's one contact with executions: launching a task's child execution, reading a completed
 * child, and giving the workflow's own execution its final status and result. Every method is idempotent:
 * launching an id that exists finds it ({@link ExecutionLauncher} inserts if absent), finishing a completed
 * execution writes nothing. Blocking (store and bus calls).
 */
final class TaskExecutions {
    /** A child execution that completed (or is held: paused, pending): its workflow, status and whole result. */
    record Completion(String workflowId, ExecutionStatus status, JsonNode result) {}

    private static final java.util.Set<ExecutionStatus> HELD =
            java.util.Set.of(ExecutionStatus.PAUSED, ExecutionStatus.PENDING);

    private final StateStore store;
    private final ExecutionLauncher launcher;
    private final ExecutionWriter writer;
    private final ExecutionResults results;
    private final Clock clock;
    private final EventBus bus;

    TaskExecutions(
            StateStore store,
            EventBus bus,
            ExecutionLauncher launcher,
            ExecutionWriter writer,
            ExecutionResults results,
            Clock clock) {
        this.store = store;
        this.bus = bus;
        this.launcher = launcher;
        this.writer = writer;
        this.results = results;
        this.clock = clock;
    }

    /** The child {@code id}, if it exists, runs a workflow task and completed or is held (paused, pending). */
    Optional<Completion> completion(String id) {
        return store.executions()
                .get(id)
                .filter(e -> e.status().completed() || HELD.contains(e.status()))
                .filter(e -> e.context().workflowExecutionId() != null)
                .map(e -> new Completion(
                        e.context().workflowExecutionId(),
                        e.status(),
                        e.status().completed() ? results.whole(e) : e.result()));
    }

    /** The status of the execution {@code id}, if it exists. */
    Optional<ExecutionStatus> status(String id) {
        return store.executions().get(id).map(Execution::status);
    }

    /**
     * Gives the workflow's execution the status its state reached where the execution lags behind: paused
     * (a pause asked for, or tasks held), running again once resumed, canceling once a task was canceled.
     * Completion is {@link #finish}'s. A status the execution cannot take from where it is is left alone.
     */
    void follow(String id, ExecutionStatus state) {
        try {
            writer.apply(id, e -> {
                ExecutionStatus s = e.status();
                return switch (state) {
                    case PAUSED ->
                        s == ExecutionStatus.PAUSING
                                ? e.transitionTo(ExecutionStatus.PAUSED, Timestamps.now(clock))
                                : s == ExecutionStatus.RUNNING
                                        ? e.transitionTo(ExecutionStatus.PAUSING, Timestamps.now(clock))
                                                .transitionTo(ExecutionStatus.PAUSED, Timestamps.now(clock))
                                        : e;
                    case RUNNING ->
                        s == ExecutionStatus.RESUMING
                                ? e.transitionTo(ExecutionStatus.RUNNING, Timestamps.now(clock))
                                : e;
                    case CANCELING ->
                        ExecutionStatus.CANCELABLE.contains(s) && s != ExecutionStatus.CANCELING
                                ? e.transitionTo(ExecutionStatus.CANCELING, Timestamps.now(clock))
                                : e;
                    default -> e;
                };
            });
        } catch (ExecutionWriter.NoSuchExecution e) {
            // the workflow's execution is gone (purged): nothing to follow
        }
    }

    /** Asks the running workflow children among {@code ids} to pause (StackStorm pauses subworkflows only). */
    void pauseChildren(List<String> ids) {
        each(
                ids,
                e -> ExecutionViews.isWorkflow(e) && e.status() == ExecutionStatus.RUNNING
                        ? e.transitionTo(ExecutionStatus.PAUSING, Timestamps.now(clock))
                        : e);
    }

    /** Asks the paused workflow children among {@code ids} to resume. */
    void resumeChildren(List<String> ids) {
        for (Execution resumed : each(
                ids,
                e -> ExecutionViews.isWorkflow(e) && e.status() == ExecutionStatus.PAUSED
                        ? e.transitionTo(ExecutionStatus.RESUMING, Timestamps.now(clock))
                        : e)) {
            if (resumed.status() == ExecutionStatus.RESUMING && !isOrquesta(resumed)) {
                // an action chain resumes in a runner; an orquesta workflow hears of it from the announcement
                bus.publish(Channels.EXECUTIONS_REQUESTED, resumed.id(), new ExecutionRequested(resumed.id()));
            }
        }
    }

    /**
     * Cancels the children among {@code ids} as StackStorm's orquesta does: a workflow not completed is asked
     * to cancel (its engine or runner cancels what it runs; a paused action chain, which nobody runs, is
     * canceled at once); an action not started yet is canceled ({@code scheduled}: {@code canceling}, for the
     * runner about to claim it); an action already running finishes; an inquiry nobody answered is canceled.
     */
    void cancelChildren(List<String> ids) {
        each(ids, e -> {
            ExecutionStatus s = e.status();
            ExecutionStatus to = null;
            if (ExecutionViews.isWorkflow(e)) {
                if (ExecutionStatus.CANCELABLE.contains(s)) {
                    to = s == ExecutionStatus.PAUSED && !isOrquesta(e)
                            ? ExecutionStatus.CANCELED
                            : ExecutionStatus.CANCELING;
                }
            } else if (s == ExecutionStatus.REQUESTED || s == ExecutionStatus.DELAYED || s == ExecutionStatus.PENDING) {
                to = ExecutionStatus.CANCELED;
            } else if (s == ExecutionStatus.SCHEDULED) {
                to = ExecutionStatus.CANCELING;
            }
            return to == null || to == s ? e : e.transitionTo(to, Timestamps.now(clock));
        });
    }

    private List<Execution> each(List<String> ids, java.util.function.UnaryOperator<Execution> change) {
        List<Execution> out = new java.util.ArrayList<>();
        for (String id : ids) {
            try {
                out.add(writer.apply(id, change));
            } catch (ExecutionWriter.NoSuchExecution e) {
                // gone, or not requested yet: nothing to reach
            }
        }
        return out;
    }

    private static boolean isOrquesta(Execution e) {
        return "orquesta".equals(e.runner().name());
    }

    /**
     * Requests the child execution of {@code launch} (with {@code context.orquesta} and {@code parent}), or finds
     * the one requested before.
     *
     * @param actions resolves an action ref ({@link #resolver}); the launches of one step share one, so an action
     *     is read once per step, never across steps (a disabled action is seen by the next step)
     * @throws ExecutionLauncher.Refused when the action cannot run (unknown, disabled, parameters refused)
     */
    void launch(WorkflowExecution workflow, TaskLaunch launch, Function<String, ResolvedAction> actions) {
        ObjectNode context = Json.object();
        ObjectNode parent = context.putObject("parent");
        parent.put("execution_id", workflow.id());
        parent.put("user", user(workflow));
        parent.put("pack", workflow.st2().path("pack").asText(""));
        ObjectNode orquesta = context.putObject("orquesta");
        orquesta.put("workflow_execution_id", workflow.id());
        orquesta.put("task_execution_id", launch.taskExecutionId());
        orquesta.put("task_name", launch.task());
        orquesta.put("task_id", launch.task());
        orquesta.put("task_route", launch.route());
        if (launch.item() != null) {
            orquesta.put("item_id", launch.item());
        }
        Integer delayMs = launch.delay() == null || launch.delay() <= 0 ? null : launch.delay() * 1000;
        ResolvedAction action = actions.apply(launch.action());
        ObjectNode input;
        try {
            // text evaluated from a Jinja block becomes the declared type, as StackStorm casts task input
            input = ParameterRenderer.castTexts(action.parameterSchema(), launch.input());
        } catch (TemplateException e) {
            throw new ExecutionLauncher.Refused(e.getMessage());
        }
        launcher.launch(new ExecutionLauncher.Launch(
                launch.executionId(),
                action,
                input,
                user(workflow),
                ExecutionContext.of(context),
                null,
                delayMs,
                null));
    }

    /** A fresh resolver of action refs for the launches of one step: each ref is read from the store once. */
    Function<String, ResolvedAction> resolver() {
        Map<String, ResolvedAction> resolved = new HashMap<>();
        return ref -> {
            ResolvedAction known = resolved.get(ref);
            if (known == null) {
                known = launcher.resolver().resolve(ref);
                resolved.put(ref, known);
            }
            return known;
        };
    }

    /**
     * Gives the workflow's execution {@code status} and {@code result} unless it already completed.
     *
     * @return false when the execution does not exist
     */
    boolean finish(String id, ExecutionStatus status, JsonNode result) {
        if (store.executions().get(id).isEmpty()) {
            return false;
        }
        writer.apply(id, e -> {
            // an execution asked to cancel ends canceled, whatever the workflow ended
            ExecutionStatus to = e.status() == ExecutionStatus.CANCELING ? ExecutionStatus.CANCELED : status;
            if (e.status().completed() || !ExecutionStatus.isLegal(e.status(), to)) {
                return e;
            }
            return e.transitionTo(to, Timestamps.now(clock)).withResult(result);
        });
        return true;
    }

    private static String user(WorkflowExecution workflow) {
        return workflow.st2().path("user").asText("stanley");
    }

    /** Whether {@code e} is an execution this adapter can read as a task (for tests). */
    static boolean isTask(Execution e) {
        return e.context().orquesta() != null;
    }
}
