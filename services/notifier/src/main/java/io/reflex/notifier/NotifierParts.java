package io.reflex.notifier;

import io.reflex.core.bus.EventBus;
import io.reflex.core.coordination.Coordinator;
import io.reflex.core.store.StateStore;
import io.reflex.executions.ExecutionLauncher;
import io.reflex.executions.ExecutionResults;
import io.reflex.executions.ExecutionWriter;
import io.reflex.runtime.leader.LeaderLoop;
import io.reflex.templates.Datastore;
import io.reflex.templates.Templates;
import java.time.Clock;

/**
 * The notifier's components wired over its backends: the completion handler and its consumer, the lease
 * reaper and the outbox sweep, each with the election that runs it. {@link NotifierService} assembles these in production; tests build
 * the same graph over in-memory backends.
 */
record NotifierParts(
        CompletionHandler handler,
        CompletionConsumer consumer,
        LeaseReaper reaper,
        LeaderLoop leadership,
        OutboxSweep outbox,
        LeaderLoop outboxLeadership) {
    /** The election group of the lease reaper: one notifier at a time sweeps. */
    static final String REAPER_GROUP = "notifier-reaper";

    /** The election group of the outbox sweep: one notifier at a time re-announces. */
    static final String OUTBOX_GROUP = "notifier-outbox";

    /** @param memberId this notifier's name in the reaper election */
    static NotifierParts wire(
            StateStore store,
            EventBus bus,
            Coordinator coordinator,
            String memberId,
            NotifierSettings settings,
            Datastore datastore,
            ExecutionResults results,
            Clock clock) {
        ExecutionWriter writer = new ExecutionWriter(store.executions(), bus, clock);
        // No RBAC roles: a retry keeps the context (and so the rbac block) of the execution it retries.
        ExecutionLauncher launcher = new ExecutionLauncher(store, bus, writer, clock, null);
        NotifyTriggers notify =
                new NotifyTriggers(new RenderValues(new Templates(datastore, settings.templateLimits())), datastore);
        CompletionHandler handler = new CompletionHandler(
                store.executions(), results, bus, new Retrier(store, launcher), notify, settings.emitWhen(), clock);
        LeaseReaper reaper = new LeaseReaper(
                store.executions(), writer, bus, clock, settings.requeueAfter(), NotifierSettings.REAP_BATCH);
        OutboxSweep outbox =
                new OutboxSweep(store.executions(), writer, clock, settings.outboxAfter(), NotifierSettings.REAP_BATCH);
        return new NotifierParts(
                handler,
                new CompletionConsumer(bus, handler, settings.concurrency()),
                reaper,
                new LeaderLoop(coordinator, REAPER_GROUP, memberId, settings.reapInterval(), reaper::sweepAsLeader),
                outbox,
                new LeaderLoop(coordinator, OUTBOX_GROUP, memberId, settings.outboxInterval(), outbox::sweepAsLeader));
    }
}
