package io.reflex.api.executions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.bus.EventBus;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.ExecutionRequested;
import io.reflex.executions.ExecutionViews;
import io.reflex.executions.ExecutionWriter;
import io.reflex.web.ApiException;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * Changes to stored executions, each a compare-and-set on (id, status, version): the change is computed
 * from the latest record and, when another writer got there first, computed again from the record it
 * wrote. Every change that was written appends {@code st2.execution__update} and
 * {@code st2.liveaction__update} stream events. An execution left {@code resuming} is requested again on the
 * bus, so that a runner takes it up where it paused (an orquesta workflow: the workflow engines do).
 */
public final class ExecutionsUpdates {

    private final ExecutionWriter writer;
    private final EventBus bus;
    private final Clock clock;

    public ExecutionsUpdates(ExecutionWriter writer, EventBus bus, Clock clock) {
        this.writer = writer;
        this.bus = bus;
        this.clock = clock;
    }

    /**
     * Applies {@code change} to the latest record of {@code id}. The change returns the record it is given
     * to mean "nothing to do" (then nothing is written), or a changed record; it may throw an
     * {@link ApiException} to refuse.
     *
     * @return the record stored afterwards
     * @throws ApiException 404 when there is no such execution, 503 when the store kept losing the race
     */
    public Execution apply(String id, UnaryOperator<Execution> change) {
        try {
            Execution stored = writer.apply(id, change);
            if (stored.status() == ExecutionStatus.RESUMING
                    && !"orquesta".equals(stored.runner().name())) {
                // an orquesta workflow is resumed by the workflow engines, which hear of it from the announcement
                bus.publish(Channels.EXECUTIONS_REQUESTED, stored.id(), new ExecutionRequested(stored.id()));
            }
            return stored;
        } catch (ExecutionWriter.NoSuchExecution e) {
            throw ApiException.notFound(e.getMessage());
        } catch (ExecutionWriter.Contended e) {
            throw new ApiException(503, e.getMessage());
        }
    }

    /**
     * StackStorm's {@code request_cancellation}: a canceled or canceling execution is left as it is; one that a
     * runner is working on (running, pausing, resuming) or that belongs to a workflow becomes
     * {@code canceling} (the runner finishes the job); anything else not yet completed becomes
     * {@code canceled} at once.
     *
     * @throws NotCancelable when the execution already completed
     */
    Execution cancel(String id, String requester) {
        return apply(id, current -> cancelChange(current, requester));
    }

    private Execution cancelChange(Execution current, String requester) {
        ExecutionStatus s = current.status();
        if (s == ExecutionStatus.CANCELED || s == ExecutionStatus.CANCELING) {
            return current;
        }
        if (!ExecutionStatus.CANCELABLE.contains(s)) {
            throw new NotCancelable(s);
        }
        boolean active = s == ExecutionStatus.RUNNING || s == ExecutionStatus.PAUSING || s == ExecutionStatus.RESUMING;
        boolean inWorkflow =
                current.context().parent() != null || current.context().other().has("parent");
        ExecutionStatus target = active || inWorkflow ? ExecutionStatus.CANCELING : ExecutionStatus.CANCELED;
        ObjectNode result =
                Json.object().put("message", "Action canceled by user.").put("user", requester);
        return changeTo(current, target, result, "cancelled_by", requester);
    }

    /**
     * What {@code PUT /executions/{id}} asks, as StackStorm's controller decides it: completed executions
     * are final (400); {@code canceling}/{@code canceled} cancel (a canceling execution may be set
     * canceled); {@code pausing}/{@code paused} pause and {@code resuming} resumes, for workflow runners only;
     * any other status is set with the given result if the state machine allows it (asking for the current
     * status changes nothing, as StackStorm's {@code update_status}).
     *
     * @throws ApiException 400 with StackStorm's message when the change is refused
     */
    Execution statusChange(Execution current, ExecutionStatus target, JsonNode result, String requester) {
        ExecutionStatus s = current.status();
        if (s.completed()) {
            throw ApiException.badRequest("Execution is already in completed state.");
        }
        if (s == ExecutionStatus.CANCELING && target == ExecutionStatus.CANCELED
                || s == ExecutionStatus.PAUSING && target == ExecutionStatus.PAUSED) {
            return changeTo(current, target, result, null, null);
        }
        return switch (target) {
            case CANCELING, CANCELED -> cancelChange(current, requester);
            case PAUSING, PAUSED -> {
                requireWorkflow(current, "pause");
                if (s == ExecutionStatus.PAUSING || s == ExecutionStatus.PAUSED) {
                    yield current;
                }
                if (s != ExecutionStatus.RUNNING) {
                    throw failed("Unable to pause liveaction \"" + current.id()
                            + "\" because it is not in a running state.");
                }
                yield changeTo(current, ExecutionStatus.PAUSING, null, "paused_by", requester);
            }
            case RESUMING -> {
                requireWorkflow(current, "resume");
                if (s == ExecutionStatus.RUNNING || s == ExecutionStatus.RESUMING) {
                    yield current;
                }
                if (s != ExecutionStatus.PAUSED) {
                    throw failed("Unable to resume liveaction \"" + current.id() + "\" because it is in \"" + s.wire()
                            + "\" state and not in \"paused\" state.");
                }
                yield changeTo(current, ExecutionStatus.RESUMING, null, "resumed_by", requester);
            }
            default -> target == s ? current : changeTo(current, target, result, null, null);
        };
    }

    private static void requireWorkflow(Execution e, String verb) {
        String runner = e.runner().name();
        if (!ExecutionViews.WORKFLOW_RUNNERS.contains(runner)) {
            throw failed("Unable to " + verb + " liveaction \"" + e.id() + "\" because it is not supported by the \""
                    + runner + "\" runner.");
        }
    }

    private static ApiException failed(String message) {
        return ApiException.badRequest("Failed updating execution. " + message);
    }

    /**
     * {@code current} moved to {@code status}, with {@code result} (when not null) and the context key
     * {@code contextKey} (when not null) set.
     */
    public Execution changeTo(
            Execution current, ExecutionStatus status, JsonNode result, String contextKey, String contextValue) {
        Execution updated = result == null ? current : current.withResult(result);
        if (contextKey != null) {
            updated = updated.withContext(current.context()
                    .with(contextKey, Json.mapper().getNodeFactory().textNode(contextValue)));
        }
        return ExecutionWriter.oneStep(current, updated.transitionTo(status, Timestamps.now(clock)));
    }

    /** The execution already completed; StackStorm answers DELETE with 200 and this message. */
    static final class NotCancelable extends ApiException {
        NotCancelable(ExecutionStatus status) {
            super(200, "Action cannot be canceled. State = " + status.wire() + ".");
        }
    }
}
