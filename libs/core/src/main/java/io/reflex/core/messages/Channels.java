package io.reflex.core.messages;

import io.reflex.core.bus.LogStream;
import io.reflex.core.bus.WorkQueue;

/** The bus channels the services share: one constant per queue or log, so names never drift apart. */
public final class Channels {
    /** Fired triggers, consumed by rules engines. */
    public static final WorkQueue<TriggerDispatch> TRIGGER_INSTANCES =
            new WorkQueue<>("reflex.trigger_instances", TriggerDispatch.class);

    /** Executions to schedule and run, consumed by action runners. */
    public static final WorkQueue<ExecutionRequested> EXECUTIONS_REQUESTED =
            new WorkQueue<>("reflex.executions.requested", ExecutionRequested.class);

    /** Executions that completed, consumed by notifiers (action triggers, notify, retry policy). */
    public static final WorkQueue<ExecutionCompleted> EXECUTIONS_COMPLETED =
            new WorkQueue<>("reflex.executions.completed", ExecutionCompleted.class);

    /** Workflow executions whose workflow state waits for a workflow engine, consumed by workflow engines. */
    public static final WorkQueue<WorkflowRequested> WORKFLOWS_REQUESTED =
            new WorkQueue<>("reflex.workflows.requested", WorkflowRequested.class);

    /**
     * Workflow task executions that completed, consumed by workflow engines: the same announcement as
     * {@link #EXECUTIONS_COMPLETED}, sent here too for executions that run a workflow's task.
     */
    public static final WorkQueue<ExecutionCompleted> WORKFLOW_TASKS_COMPLETED =
            new WorkQueue<>("reflex.workflows.tasks_completed", ExecutionCompleted.class);

    /** The public event stream, read by stream services (and resumable by offset). */
    public static final LogStream<StreamEvent> EVENTS = new LogStream<>("events", StreamEvent.class);

    private Channels() {}
}
