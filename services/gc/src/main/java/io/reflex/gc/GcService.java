package io.reflex.gc;

import io.reflex.core.bus.EventBus;
import io.reflex.core.coordination.Coordinator;
import io.reflex.core.store.StateStore;
import io.reflex.executions.ExecutionWriter;
import io.reflex.executions.retention.Purger;
import io.reflex.runtime.backend.Backends;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.leader.LeaderLoop;
import io.reflex.runtime.lifecycle.Lifecycle;
import io.reflex.runtime.service.Service;
import io.reflex.runtime.service.ServiceContext;
import io.reflex.runtime.service.StandardParts;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gc service (StackStorm's st2garbagecollector), assembled in one function: retention of executions,
 * output, trigger instances, tokens, rule enforcements and expired datastore keys, and inquiry timeouts, all
 * on the one gc elected leader. Safe to run N-way: the others wait to take over.
 */
public final class GcService implements Service {
    private static final Logger log = LoggerFactory.getLogger(GcService.class);

    @Override
    public String name() {
        return "gc";
    }

    @Override
    public void assemble(ServiceContext ctx, Lifecycle lifecycle) {
        Config config = ctx.config();
        // 0. settings first: a bad retention period stops the start before anything connects
        GcSettings settings = GcSettings.from(config);
        // 1. backends
        Backends backends = StandardParts.backends(ctx, lifecycle);
        // 2. components: registry membership, the elected collector (closed first on stop)
        StandardParts.registration(ctx, lifecycle, backends);
        lifecycle.push(
                "collector",
                collector(
                        backends.store(),
                        backends.bus(),
                        backends.coordinator(),
                        ctx.memberId(),
                        settings,
                        Clock.systemUTC()));
        // 3. http
        StandardParts.http(ctx, lifecycle, StandardParts.routerWithHealth(ctx, backends), "health: /healthz");
    }

    /**
     * The elected collector over these backends: {@link GcCycle}s on the one gc leading {@value #GROUP}, the
     * first at once, then every {@code collection_interval} after the previous ended. A cycle checks before
     * every batch that this member still leads in the term it started in; a delete already sent when
     * leadership is lost completes, which is harmless because every delete re-checks its cut-off in the store.
     * Every deleted batch is logged with this member's id.
     */
    /** The election group of the collector: one gc at a time deletes. */
    static final String GROUP = "gc";

    static LeaderLoop collector(
            StateStore store,
            EventBus bus,
            Coordinator coordinator,
            String memberId,
            GcSettings settings,
            Clock clock) {
        Purger purger = new Purger(
                store,
                settings.batchSize(),
                (kind, deleted) -> log.info("gc batch kind={} deleted={} member={}", kind, deleted, memberId));
        ExecutionWriter writer = new ExecutionWriter(store.executions(), bus);
        InquiryTimeouts inquiries =
                new InquiryTimeouts(store, writer, clock, settings.batchSize(), settings.systemUser());
        GcCycle cycle = new GcCycle(purger, inquiries, settings, clock, memberId);
        return new LeaderLoop(coordinator, GROUP, memberId, settings.collectionInterval(), cycle::run);
    }
}
