package io.reflex.workflowengine;

import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.executions.ExecutionLauncher;
import io.reflex.executions.ExecutionResults;
import io.reflex.executions.ExecutionWriter;
import io.reflex.executions.StoreDatastore;
import io.reflex.runtime.backend.Backends;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.lifecycle.Lifecycle;
import io.reflex.runtime.service.Service;
import io.reflex.runtime.service.ServiceContext;
import io.reflex.runtime.service.StandardParts;
import io.reflex.runtime.templates.TemplateSettings;
import io.reflex.runtime.web.WebParts;
import io.reflex.templates.Datastore;
import io.reflex.templates.TemplateLimits;
import io.reflex.workflowengine.conductor.Conductor;
import io.reflex.workflowengine.conductor.Evaluator;
import io.reflex.yaql.YaqlLimits;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow engine (StackStorm's st2workflowengine), assembled in one function: it starts orquesta workflows
 * handed over by the action runners and moves them on as their tasks' executions complete. N-way with no
 * leader: both inputs are shared work queues, and a workflow's state changes only by compare-and-set, so any
 * engine continues any workflow.
 */
public final class WorkflowEngineService implements Service {
    public static final String NAME = "workflowengine";
    private static final Logger log = LoggerFactory.getLogger(WorkflowEngineService.class);
    /** How often open workflows are checked for a message the broker lost (twice unchanged: recovered). */
    static final java.time.Duration SWEEP_INTERVAL = java.time.Duration.ofSeconds(30);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void assemble(ServiceContext ctx, Lifecycle lifecycle) {
        Config config = ctx.config();
        Clock clock = Clock.systemUTC();
        // 1. backends
        Backends backends = StandardParts.backends(ctx, lifecycle);
        // 2. components: registry membership, then the event consumers (closed first: in-flight events drain)
        StandardParts.registration(ctx, lifecycle, backends);
        WorkflowEngine engine = engine(
                backends.store(),
                new ExecutionWriter(backends.store().executions(), backends.bus(), clock),
                backends.bus(),
                StoreDatastore.readingKeyFile(backends.store(), WebParts.cryptoKeyFile(config), clock),
                TemplateSettings.limits(config),
                new ExecutionResults(backends.store(), config.get(ConfigKeys.ACTIONRUNNER_RESULT_INLINE_LIMIT)),
                clock);
        lifecycle.push(
                "workflow-sweep",
                new WorkflowSweep(backends.store().store(Kinds.WORKFLOW_EXECUTION), engine, SWEEP_INTERVAL));
        lifecycle.push(
                "workflow-events",
                new EventConsumers(backends.bus(), engine, config.get(ConfigKeys.WORKFLOWENGINE_CONCURRENCY)));
        // 3. http
        StandardParts.http(ctx, lifecycle, StandardParts.routerWithHealth(ctx, backends), "health: /healthz");
    }

    /** The engine over its backends: what the service and the tests assemble. */
    static WorkflowEngine engine(
            StateStore store,
            ExecutionWriter writer,
            io.reflex.core.bus.EventBus bus,
            Datastore datastore,
            TemplateLimits templateLimits,
            ExecutionResults results,
            Clock clock) {
        ExecutionLauncher launcher = new ExecutionLauncher(store, bus, writer, clock, null);
        TaskExecutions tasks = new TaskExecutions(store, bus, launcher, writer, results, clock);
        return new WorkflowEngine(
                store.store(Kinds.WORKFLOW_EXECUTION),
                tasks,
                new Conductor(new Evaluator(YaqlLimits.DEFAULTS, templateLimits, datastore), datastore));
    }
}
