package io.reflex.core.messages;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.bus.LogStream;
import io.reflex.core.bus.WorkQueue;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The bus channels the services share, one constant per queue or log so that names never drift apart, and the
 * versioned message each one carries (the records below; their simple names are the wire's type names).
 */
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

    /**
     * A trigger fired (webhook, sensor, timer, internal event): the rules engine persists it as a trigger
     * instance with exactly this id, so a redelivered or re-sent dispatch creates nothing new.
     * {@code trigger} is a trigger ref or a trigger type ref. Version 1.
     *
     * <p>{@code contentStamp} is the {@link io.reflex.core.model.ContentStamp} its sender read after the trigger
     * fired (the api reads it for every webhook): a rules engine whose rules were loaded under that stamp uses them
     * without reading the stamp again, since every content write acknowledged before the trigger fired renewed
     * the stamp before that read. Absent when the sender read none (and from senders of an earlier release); the
     * rules engine then reads it itself.
     */
    public record TriggerDispatch(
            String triggerInstanceId,
            String trigger,
            ObjectNode payload,
            Instant occurrenceTime,
            String traceTag,
            @JsonInclude(JsonInclude.Include.NON_NULL) String contentStamp) {
        public TriggerDispatch {
            Objects.requireNonNull(triggerInstanceId, "trigger_instance_id");
            Objects.requireNonNull(trigger, "trigger");
            payload = Json.objectOrEmpty(payload);
            occurrenceTime = Timestamps.stored(Objects.requireNonNull(occurrenceTime, "occurrence_time"));
            traceTag = traceTag == null ? "" : traceTag;
        }

        /** A dispatch whose sender read no content stamp. */
        public TriggerDispatch(
                String triggerInstanceId, String trigger, ObjectNode payload, Instant occurrenceTime, String traceTag) {
            this(triggerInstanceId, trigger, payload, occurrenceTime, traceTag, null);
        }
    }

    /**
     * An execution record in status {@code requested} exists and should be scheduled and run. The record is
     * the truth; this message only says where to look, so a redelivery is harmless. Version 1.
     *
     * <p>{@code execution} is the record as its launcher stored it, so that a runner need not read it back: the
     * runner claims it with a compare-and-set on that record's version, which fails, and makes the runner read
     * the record, when it changed since (canceled, claimed by another runner after a redelivery). {@code
     * contentStamp} is the {@link io.reflex.core.model.ContentStamp} the launcher's caller read before it asked
     * for the execution (a rules engine, for the trigger instance): a runner whose policies were loaded under it
     * uses them without reading the stamp. {@code published} are the versions of the record whose announcements
     * the launcher published and left pending (its creation's): the runner's claim clears them in its own write.
     * Each is absent where the publisher left it out (a request published again, publishers of an earlier
     * release), and then the runner reads, and clears nothing of another writer's.
     */
    public record ExecutionRequested(
            String executionId,
            @JsonInclude(JsonInclude.Include.NON_NULL) Execution execution,
            @JsonInclude(JsonInclude.Include.NON_NULL) String contentStamp,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Long> published) {
        public ExecutionRequested {
            Objects.requireNonNull(executionId, "execution_id");
            if (execution != null && !execution.id().equals(executionId)) {
                throw new IllegalArgumentException(
                        "the request of " + executionId + " carries another record: " + execution.id());
            }
            published = published == null ? List.of() : List.copyOf(published);
        }

        /** A request that names the execution only. */
        public ExecutionRequested(String executionId) {
            this(executionId, null, null, List.of());
        }
    }

    /**
     * An execution reached a completed status (succeeded, failed, timeout, canceled, abandoned): notifications,
     * action triggers and retry policies follow from it. Published by whoever wrote the completing change; a
     * redelivery is harmless because what follows is keyed by the execution id. Version 1.
     *
     * <p>{@code execution} is the completed record as its writer stored it, so that the notifier need not read
     * it back: a completed record changes no more, but for its pending announcements. It is absent where the
     * publisher left it out (the workflow engines' copy, and publishers of an earlier release), and then the
     * reader reads the record.
     */
    public record ExecutionCompleted(
            String executionId,
            ExecutionStatus status,
            @JsonInclude(JsonInclude.Include.NON_NULL) Execution execution) {
        public ExecutionCompleted {
            Objects.requireNonNull(executionId, "execution_id");
            Objects.requireNonNull(status, "status");
            if (execution != null
                    && (!execution.id().equals(executionId) || execution.status() != status || !status.completed())) {
                throw new IllegalArgumentException(
                        "the completion of " + executionId + " (" + status.wire() + ") carries another record: "
                                + execution.id() + " (" + execution.status().wire() + ")");
            }
        }

        /** A completion that names the execution only. */
        public ExecutionCompleted(String executionId, ExecutionStatus status) {
            this(executionId, status, null);
        }

        /** The completion of {@code completed}, carrying the record. */
        public static ExecutionCompleted of(Execution completed) {
            return new ExecutionCompleted(completed.id(), completed.status(), completed);
        }
    }

    /**
     * A workflow execution is running and its stored workflow state ({@link io.reflex.core.workflow.WorkflowExecution})
     * waits for a workflow engine to start or continue it. The state is the truth; a redelivery is harmless. Version 1.
     */
    public record WorkflowRequested(String executionId) {
        public WorkflowRequested {
            Objects.requireNonNull(executionId, "execution_id");
        }
    }

    /**
     * One record of the public event stream, as StackStorm names its events ({@code st2.execution__update},
     * {@code st2.announcement__chatops}, {@code st2.execution.output__create}...), appended to
     * {@link Channels#EVENTS}; its log offset gives the SSE {@code id}s. It holds either its API-shaped body
     * ({@code data}, secrets already masked) or, for execution events, the execution record as it was written
     * ({@code execution}): the process that serves the stream renders that record into the body, with its own
     * view settings, so the processes that write executions need none.
     *
     * <p>An execution record may stand for several events ({@code alsoAs}): a status change is
     * {@code st2.execution__<kind>} and {@code st2.liveaction__<kind>}, two views of one record, so it is one
     * record of the log that the stream serves as two events ({@link #names}). A reader of an earlier release
     * ignores {@code also_as} and serves the first event only.
     */
    public record StreamEvent(
            String event,
            @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode data,
            @JsonInclude(JsonInclude.Include.NON_NULL) Execution execution,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> alsoAs) {
        public StreamEvent {
            Objects.requireNonNull(event, "event");
            if ((data == null) == (execution == null)) {
                throw new IllegalArgumentException("a stream event holds either data or an execution: " + event);
            }
            alsoAs = alsoAs == null ? List.of() : List.copyOf(alsoAs);
            if (!alsoAs.isEmpty() && execution == null) {
                throw new IllegalArgumentException("only an execution record stands for several events: " + event);
            }
        }

        /** An event with its API-shaped body. */
        public StreamEvent(String event, JsonNode data) {
            this(event, data, null, List.of());
        }

        /** One event with either its body or its execution record. */
        public StreamEvent(String event, JsonNode data, Execution execution) {
            this(event, data, execution, List.of());
        }

        /** An execution event ({@code st2.execution__<kind>} or {@code st2.liveaction__<kind>}) still to render. */
        public static StreamEvent ofExecution(String event, Execution execution) {
            return ofExecution(List.of(event), execution);
        }

        /** One record standing for the execution events {@code events} (in that order), still to render. */
        public static StreamEvent ofExecution(List<String> events, Execution execution) {
            if (events.isEmpty()) {
                throw new IllegalArgumentException("an execution record stands for at least one event");
            }
            return new StreamEvent(
                    events.getFirst(),
                    null,
                    Objects.requireNonNull(execution, "execution"),
                    events.subList(1, events.size()));
        }

        /** The events this record stands for, in the order the stream serves them: {@code event}, then the others. */
        public List<String> names() {
            if (alsoAs.isEmpty()) {
                return List.of(event);
            }
            List<String> names = new ArrayList<>(1 + alsoAs.size());
            names.add(event);
            names.addAll(alsoAs);
            return names;
        }

        /** Whether the body is still to be rendered from {@link #execution}. */
        public boolean unrendered() {
            return execution != null;
        }
    }
}
