package io.reflex.rulesengine;

import io.reflex.core.health.HealthCheck;
import io.reflex.rbac.Authorizer;
import io.reflex.rulesengine.timers.TimerLeadership;
import io.reflex.rulesengine.timers.Timers;
import io.reflex.runtime.backend.Backends;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigException;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.lifecycle.Lifecycle;
import io.reflex.runtime.service.Service;
import io.reflex.runtime.service.ServiceContext;
import io.reflex.runtime.service.StandardParts;
import io.reflex.runtime.templates.TemplateSettings;
import io.reflex.runtime.web.WebParts;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The rulesengine service (StackStorm's st2rulesengine), assembled in one function: it turns dispatched
 * triggers into trigger instances, rule enforcements and requested executions. Any number may run; the
 * work queue shares the trigger instances among them and derived ids keep their effects single. The one
 * elected among them also fires the timers.
 */
public final class RulesEngineService implements Service {
    @Override
    public String name() {
        return "rulesengine";
    }

    @Override
    public void assemble(ServiceContext ctx, Lifecycle lifecycle) {
        Config config = ctx.config();
        Timers.Settings timerSettings = timerSettings(config);
        // 1. backends
        Backends backends = StandardParts.backends(ctx, lifecycle);
        // 2. components
        StandardParts.registration(ctx, lifecycle, backends);
        Authorizer authorizer = WebParts.authorizer(config);
        RulesEngine.Settings settings = new RulesEngine.Settings(
                config.get(ConfigKeys.RULESENGINE_SYSTEM_USER),
                config.get(ConfigKeys.RULESENGINE_RULES_CACHE_TTL),
                WebParts.cryptoKeyFile(config),
                authorizer.enabled() ? authorizer::roles : null,
                TemplateSettings.limits(config));
        TriggerInstanceProcessor processor =
                RulesEngine.processor(backends.store(), backends.bus(), Clock.systemUTC(), settings);
        int prefetch = consumerConcurrency(
                config.get(ConfigKeys.RULESENGINE_PREFETCH), backends.store().maxConcurrentCommands());
        lifecycle.push("trigger-instances", processor.consumer(backends.bus(), prefetch));
        // Timers: fired by the elected rules engine only; pushed after the consumer so that on shutdown
        // they stop first.
        List<HealthCheck> checks = new ArrayList<>();
        if (config.get(ConfigKeys.TIMERS_ENABLE)) {
            TimerLeadership timers = Timers.leader(
                    backends.store(),
                    backends.bus(),
                    backends.coordinator(),
                    ctx.memberId(),
                    timerSettings,
                    Clock.systemUTC());
            lifecycle.push("timers", timers);
            checks.add(timers.health(Timers.staleAfter(timerSettings)));
        }
        // 3. http
        StandardParts.http(ctx, lifecycle, StandardParts.routerWithHealth(ctx, backends, checks), "health: /healthz");
    }

    /**
     * Trigger instances handled at once: {@code rulesengine.prefetch}, but no more than the store runs
     * commands at once. A handler runs its store commands one after another, so handlers past the store's
     * pool only wait for a connection while holding a message another rules engine could take; under CPU
     * starvation the wait outlasts the pool's bound, the handler backs off with the message still held, and
     * the engine falls behind.
     */
    static int consumerConcurrency(int prefetch, int storeConnections) {
        int concurrency = Math.min(prefetch, storeConnections);
        if (concurrency < prefetch) {
            LoggerFactory.getLogger(RulesEngineService.class)
                    .info(
                            "rules engine prefetch limited to the store's connections prefetch={} connections={}",
                            prefetch,
                            storeConnections);
        }
        return concurrency;
    }

    /** @throws ConfigException for an unknown {@code timers.local_timezone}, before any backend is opened */
    static Timers.Settings timerSettings(Config config) {
        ZoneId zone;
        try {
            zone = Timers.zone(config.get(ConfigKeys.TIMERS_LOCAL_TIMEZONE));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigKeys.TIMERS_LOCAL_TIMEZONE.name() + ": " + e.getMessage(), e);
        }
        return new Timers.Settings(
                zone, config.get(ConfigKeys.TIMERS_MISFIRE_GRACE), config.get(ConfigKeys.TIMERS_REFRESH_INTERVAL));
    }
}
