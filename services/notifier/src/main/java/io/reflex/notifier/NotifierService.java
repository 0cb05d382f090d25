package io.reflex.notifier;

import io.reflex.executions.ExecutionResults;
import io.reflex.executions.StoreDatastore;
import io.reflex.runtime.backend.Backends;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.lifecycle.Lifecycle;
import io.reflex.runtime.service.Service;
import io.reflex.runtime.service.ServiceContext;
import io.reflex.runtime.service.StandardParts;
import io.reflex.runtime.web.WebParts;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier service (StackStorm's st2notifier), assembled in one function: action and notify triggers
 * and the retry policy for every completed execution, and, on the elected notifiers, the lease reaper and the
 * outbox sweep. Safe to run N-way: completions are shared work, each sweep runs on one notifier at a time.
 */
public final class NotifierService implements Service {
    private static final Logger log = LoggerFactory.getLogger(NotifierService.class);

    @Override
    public String name() {
        return "notifier";
    }

    @Override
    public void assemble(ServiceContext ctx, Lifecycle lifecycle) {
        Config config = ctx.config();
        NotifierSettings settings = NotifierSettings.from(config);
        Clock clock = Clock.systemUTC();
        // 1. backends
        Backends backends = StandardParts.backends(ctx, lifecycle);
        // 2. components: registry membership, completions consumer, reaper and outbox elections (closed in
        //    reverse: the sweeps stop, then in-flight completions drain, then the service leaves the registry)
        StandardParts.registration(ctx, lifecycle, backends);
        NotifierParts parts = NotifierParts.wire(
                backends.store(),
                backends.bus(),
                backends.coordinator(),
                ctx.memberId(),
                settings,
                StoreDatastore.readingKeyFile(backends.store(), WebParts.cryptoKeyFile(config), clock),
                // only read here; the limit matters to writers
                new ExecutionResults(backends.store(), config.get(ConfigKeys.ACTIONRUNNER_RESULT_INLINE_LIMIT)),
                clock);
        lifecycle.push("completions", parts.consumer());
        lifecycle.push("reaper", parts.leadership());
        lifecycle.push("outbox", parts.outboxLeadership());
        // 3. http
        StandardParts.http(ctx, lifecycle, StandardParts.routerWithHealth(ctx, backends), "health: /healthz");
    }
}
