package io.reflex.rulesengine;

import io.reflex.core.bus.EventBus;
import io.reflex.core.store.StateStore;
import io.reflex.executions.ExecutionLauncher;
import io.reflex.executions.ExecutionWriter;
import io.reflex.executions.StoreDatastore;
import io.reflex.executions.traces.TraceRecorder;
import io.reflex.rulesengine.criteria.CriteriaMatcher;
import io.reflex.templates.Datastore;
import io.reflex.templates.TemplateLimits;
import io.reflex.templates.Templates;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The rules engine's parts wired over a store and a bus: the graph the service runs and unit tests drive
 * with in-memory fakes.
 */
final class RulesEngine {
    /**
     * @param systemUser who rule executions run as
     * @param rulesCacheTtl how long the rules of a trigger are reused
     * @param keyFile the datastore key file ({@code decrypt_kv})
     * @param rbacRoles a user's roles for {@code context.rbac}, or null when RBAC is off
     * @param templateLimits what one rule's templates may cost (a hostile template must not pin a consumer)
     */
    record Settings(
            String systemUser,
            Duration rulesCacheTtl,
            Path keyFile,
            Function<String, Set<String>> rbacRoles,
            TemplateLimits templateLimits) {
        Settings {
            Objects.requireNonNull(systemUser, "systemUser");
            Objects.requireNonNull(rulesCacheTtl, "rulesCacheTtl");
            Objects.requireNonNull(keyFile, "keyFile");
            Objects.requireNonNull(templateLimits, "templateLimits");
        }
    }

    private RulesEngine() {}

    static TriggerInstanceProcessor processor(StateStore store, EventBus bus, Clock clock, Settings settings) {
        Datastore datastore = StoreDatastore.readingKeyFile(store, settings.keyFile(), clock);
        Templates templates = new Templates(datastore, settings.templateLimits());
        ExecutionWriter writer = new ExecutionWriter(store.executions(), bus);
        ExecutionLauncher launcher = new ExecutionLauncher(store, bus, writer, clock, settings.rbacRoles());
        TraceRecorder traces = launcher.traces();
        RuleEnforcer enforcer = new RuleEnforcer(
                store,
                bus,
                launcher,
                writer,
                new RuleEnforcer.Parameters(templates, datastore),
                clock,
                settings.systemUser());
        return new TriggerInstanceProcessor(
                store,
                new RuleCache(store, launcher.resolver(), settings.rulesCacheTtl()),
                new CriteriaMatcher(templates, datastore),
                enforcer,
                traces);
    }
}
