package io.reflex.executions;

import io.reflex.core.bus.EventBus;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.Execution.Announcement;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.ExecutionCompleted;
import io.reflex.core.messages.Channels.StreamEvent;
import io.reflex.core.messages.Channels.WorkflowRequested;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the rest of the system hears about executions: {@code st2.execution__<kind>} and
 * {@code st2.liveaction__<kind>} stream events holding the execution record (the stream renders them,
 * {@link ExecutionViews#rendering}), and
 * {@link ExecutionCompleted} on {@link Channels#EXECUTIONS_COMPLETED} (message id {@code id:status}) when
 * one completes, and also on {@link Channels#WORKFLOW_TASKS_COMPLETED} when it ran a workflow's task (its context
 * has {@code orquesta}), so the workflow engines hear of it (and of what else they follow, see
 * {@link #announceToWorkflowEngines}). {@link #publish} is the outbox's delivery: it throws when the broker did
 * not confirm, so the caller keeps the announcement pending (docs/architecture.md, rule 12).
 */
public final class ExecutionEvents {
    private static final Logger log = LoggerFactory.getLogger(ExecutionEvents.class);

    private static final Set<ExecutionStatus> HELD = Set.of(ExecutionStatus.PAUSED, ExecutionStatus.PENDING);
    private static final Set<ExecutionStatus> CONTROL = Set.of(
            ExecutionStatus.PAUSING, ExecutionStatus.RESUMING, ExecutionStatus.CANCELING, ExecutionStatus.CANCELED);

    private final EventBus bus;

    public ExecutionEvents(EventBus bus) {
        this.bus = Objects.requireNonNull(bus, "bus");
    }

    /**
     * Appends the stream events {@code a} names, holding {@code e} (all confirmed together), then publishes
     * the completion when {@code a} carries one; each step confirmed by the broker before the next.
     *
     * @throws RuntimeException when an append or the publish was not confirmed (some may have been)
     */
    public void publish(Execution e, Announcement a) {
        if (!a.events().isEmpty()) {
            List<StreamEvent> events = new ArrayList<>();
            for (String kind : a.events()) {
                events.add(StreamEvent.ofExecution(ExecutionViews.EXECUTION_EVENT + kind, e));
                events.add(StreamEvent.ofExecution(ExecutionViews.LIVEACTION_EVENT + kind, e));
            }
            bus.log(Channels.EVENTS).appendAll(events);
        }
        if (a.completion()) {
            announceCompletion(e);
        }
        if (a.events().contains(Announcement.UPDATE)) {
            announceToWorkflowEngines(e);
        }
    }

    /**
     * What the workflow engines hear besides completions: an orquesta workflow asked to pause, resume or
     * cancel (a workflow request: the engine reads the status), and a workflow task that paused or waits for an
     * answer (its workflow pauses). Carried by the outbox like every announcement, so heard at least once.
     */
    private void announceToWorkflowEngines(Execution e) {
        String messageId = e.id() + ":" + e.status().wire() + ":" + e.version();
        if (isWorkflowTask(e) && HELD.contains(e.status())) {
            bus.publish(Channels.WORKFLOW_TASKS_COMPLETED, messageId, new ExecutionCompleted(e.id(), e.status()));
        }
        if ("orquesta".equals(e.runner().name()) && CONTROL.contains(e.status())) {
            bus.publish(Channels.WORKFLOWS_REQUESTED, messageId, new WorkflowRequested(e.id()));
        }
    }

    private void announceCompletion(Execution e) {
        String messageId = e.id() + ":" + e.status().wire();
        ExecutionCompleted completed = new ExecutionCompleted(e.id(), e.status());
        if (isWorkflowTask(e)) {
            bus.publish(Channels.WORKFLOW_TASKS_COMPLETED, messageId, completed);
        }
        bus.publish(Channels.EXECUTIONS_COMPLETED, messageId, completed);
    }

    /** Whether {@code e} runs a task of an orquesta workflow. */
    public static boolean isWorkflowTask(Execution e) {
        return e.context().workflowExecutionId() != null;
    }

    /**
     * Tells notifiers once more that {@code e} completed, best effort (logged when it fails): for callers
     * that find an earlier attempt's completed record. The outbox covers the first announcement.
     */
    public void completed(Execution e) {
        try {
            announceCompletion(e);
        } catch (RuntimeException ex) {
            log.warn("completion not published execution={} status={} error={}", e.id(), e.status(), ex.toString());
        }
    }
}
