package io.reflex.notifier;

import io.reflex.core.bus.Delivery;
import io.reflex.core.bus.EventBus;
import io.reflex.core.bus.MessageHandler;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.ExecutionCompleted;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.core.store.ExecutionStore;
import io.reflex.executions.ExecutionResults;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows an execution's completion, in StackStorm's order: post-run policies (retry), notify triggers,
 * the action trigger. The execution is the completed record the message carries, or, from a publisher that
 * sent none, the record read from the store; with its whole result when that is stored out of line. The
 * handler returns, and so acknowledges the message, only once the retry is stored and every dispatch was
 * confirmed by the broker; any failure throws and the completion comes back. Every effect has a derived id, so
 * a redelivery creates no second retry and names the same trigger instances again.
 */
final class CompletionHandler implements MessageHandler<ExecutionCompleted> {
    private static final Logger log = LoggerFactory.getLogger(CompletionHandler.class);

    private final ExecutionStore executions;
    private final ExecutionResults results;
    private final EventBus bus;
    private final Retrier retrier;
    private final NotifyTriggers notifyTriggers;
    private final Set<ExecutionStatus> emitWhen;
    private final Clock clock;

    /** @param emitWhen the completed statuses that fire {@code core.st2.generic.actiontrigger} */
    CompletionHandler(
            ExecutionStore executions,
            ExecutionResults results,
            EventBus bus,
            Retrier retrier,
            NotifyTriggers notifyTriggers,
            Set<ExecutionStatus> emitWhen,
            Clock clock) {
        this.executions = executions;
        this.results = results;
        this.bus = bus;
        this.retrier = retrier;
        this.notifyTriggers = notifyTriggers;
        this.emitWhen = Set.copyOf(emitWhen);
        this.clock = clock;
    }

    @Override
    public void handle(Delivery<ExecutionCompleted> delivery) {
        String id = delivery.body().executionId();
        Execution carried = delivery.body().execution();
        Optional<Execution> found = carried != null ? Optional.of(carried) : executions.get(id);
        if (found.isEmpty()) {
            log.warn("completion of unknown execution ignored execution={}", id);
            return;
        }
        if (!found.get().status().completed()) {
            log.warn(
                    "completion of incomplete execution ignored execution={} status={}",
                    id,
                    found.get().status());
            return;
        }
        Execution e = results.withWholeResult(found.get());
        List<Execution> retries = retrier.apply(e);
        List<TriggerDispatch> dispatches = dispatches(e, Timestamps.now(clock));
        for (TriggerDispatch d : dispatches) {
            bus.publish(Channels.TRIGGER_INSTANCES, d.triggerInstanceId(), d);
        }
        log.info(
                "execution completion handled execution={} status={} triggers={} retries={} redelivered={}",
                id,
                e.status(),
                dispatches.size(),
                retries.size(),
                delivery.redelivered());
    }

    /** The trigger dispatches of a completed execution: notify triggers, then the action trigger. */
    List<TriggerDispatch> dispatches(Execution e, Instant now) {
        List<TriggerDispatch> out = new ArrayList<>(notifyTriggers.dispatches(e, now));
        if (emitWhen.contains(e.status())) {
            out.add(TriggerPayloads.dispatch(
                    TriggerPayloads.actionTriggerId(e),
                    TriggerPayloads.ACTION_TRIGGER,
                    TriggerPayloads.actionTrigger(e),
                    e,
                    now));
        }
        return out;
    }
}
