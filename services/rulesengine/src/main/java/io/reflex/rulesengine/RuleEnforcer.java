package io.reflex.rulesengine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.bus.EventBus;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.Execution.Cause;
import io.reflex.core.execution.Execution.StatusChange;
import io.reflex.core.execution.ExecutionContext;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.execution.FailureReason;
import io.reflex.core.execution.ResolvedAction;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.ExecutionRequested;
import io.reflex.core.model.PackConfig;
import io.reflex.core.model.Rule;
import io.reflex.core.model.RuleEnforcement;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.store.DuplicateKeyException;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;
import io.reflex.executions.ExecutionLauncher;
import io.reflex.executions.ExecutionWriter;
import io.reflex.rulesengine.RuleCache.TriggerRules;
import io.reflex.templates.Datastore;
import io.reflex.templates.KeyRights;
import io.reflex.templates.ParameterRenderer;
import io.reflex.templates.TemplateException;
import io.reflex.templates.TemplateLimits;
import io.reflex.templates.Templates;
import io.reflex.templates.Templates.RenderScope;
import io.reflex.templates.Templates.Values;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces one matched rule on one trigger instance, StackStorm's {@code RuleEnforcer} made idempotent: the
 * enforcement and the execution have ids derived from (rule, trigger instance), the execution is written
 * first and the enforcement last, and each step finds what an earlier attempt stored. So a redelivered
 * trigger instance creates nothing new, and one whose first attempt died half-way is completed: an
 * execution without its enforcement gets it (and its request or completion is announced again).
 *
 * <p>Failures are recorded, not thrown: a missing action gives a failed enforcement without execution
 * ({@code Action "x" doesn't exist}, as in StackStorm); a disabled action, a parameter that cannot be
 * rendered or a request the launcher refuses gives an execution stored directly as {@code failed} with
 * {@code {error, traceback}} and a failed enforcement naming the reason. Backend failures are thrown
 * (the caller tries again later). Blocks on the store and the bus.
 */
final class RuleEnforcer {
    private static final Logger log = LoggerFactory.getLogger(RuleEnforcer.class);
    private static final Set<ExecutionStatus> BEFORE_REQUEST =
            Set.of(ExecutionStatus.REQUESTED, ExecutionStatus.DELAYED, ExecutionStatus.FAILED);

    /** The execution an enforcement names (or null) and why it failed (null when it did not). */
    private record Outcome(String executionId, String failureReason) {}

    private final StateStore store;
    private final EventBus bus;
    private final ExecutionLauncher launcher;
    private final ExecutionWriter writer;
    private final Parameters parameters;
    private final Clock clock;
    private final String systemUser;

    RuleEnforcer(
            StateStore store,
            EventBus bus,
            ExecutionLauncher launcher,
            ExecutionWriter writer,
            Parameters parameters,
            Clock clock,
            String systemUser) {
        this.store = store;
        this.bus = bus;
        this.launcher = launcher;
        this.writer = writer;
        this.parameters = parameters;
        this.clock = clock;
        this.systemUser = systemUser;
    }

    /**
     * Enforces {@code rule}, whose execution joins the trace of {@code traceTag}; returns the stored
     * enforcement (the earlier one on a redelivery).
     *
     * @param first whether the delivery at hand stored the instance: then no earlier delivery enforced the
     *     rule or started its execution, and neither is looked for
     */
    RuleEnforcement enforce(Rule rule, TriggerRules rules, TriggerInstance instance, String traceTag, boolean first) {
        Optional<RuleEnforcement> done =
                first ? Optional.empty() : store.store(Kinds.RULE_ENFORCEMENT).get(enforcementId(rule, instance));
        if (done.isPresent()) {
            return done.get();
        }
        Optional<Execution> started =
                first ? Optional.empty() : store.executions().get(executionId(rule, instance));
        Outcome outcome = started.isPresent() ? resume(started.get()) : execute(rule, rules, instance, traceTag);
        return record(rule, instance, outcome);
    }

    /** Records that {@code rule}'s criteria could not be evaluated against {@code instance}. */
    RuleEnforcement criteriaFailed(Rule rule, TriggerInstance instance, String reason) {
        log.warn("rule criteria failed rule={} trigger_instance={} reason={}", rule.ref(), instance.id(), reason);
        return record(rule, instance, new Outcome(null, reason));
    }

    private Outcome execute(Rule rule, TriggerRules rules, TriggerInstance instance, String traceTag) {
        String executionId = executionId(rule, instance);
        Optional<ResolvedAction> found = rules.action(rule);
        if (found.isEmpty()) {
            return new Outcome(null, "Action \"" + rule.action().ref() + "\" doesn't exist");
        }
        ResolvedAction action = found.get();
        ExecutionContext context =
                context(rule, instance, systemUser, action.action().pack(), traceTag);
        Cause cause = cause(rule, rules, instance);
        ObjectNode params = rule.action().parameters();
        try {
            params = render(action, rule, instance, context);
            Execution e = launcher.launch(
                    new ExecutionLauncher.Launch(executionId, action, params, systemUser, context, null, null, cause),
                    rules.stamp());
            log.info("rule matched rule={} trigger_instance={} execution={}", rule.ref(), instance.id(), e.id());
            return new Outcome(e.id(), null);
        } catch (TemplateException | ExecutionLauncher.Refused e) {
            Execution failed = launcher.launchFailed(
                    new ExecutionLauncher.Launch(executionId, action, params, systemUser, context, null, null, cause),
                    result(e));
            log.warn(
                    "rule enforcement failed rule={} trigger_instance={} execution={} error={}",
                    rule.ref(),
                    instance.id(),
                    failed.id(),
                    reason(e));
            return new Outcome(failed.id(), reason(e));
        }
    }

    private ObjectNode render(ResolvedAction action, Rule rule, TriggerInstance instance, ExecutionContext context) {
        ObjectNode schema = action.parameterSchema();
        ObjectNode given = rule.action().parameters();
        ObjectNode config = ParameterRenderer.readsConfig(schema, given)
                ? PackConfig.valuesOf(store, action.action().pack())
                : Json.object();
        return parameters.render(schema, given, instance.payload(), context.json(), config, systemUser);
    }

    /**
     * The execution an earlier attempt stored before it died: what it decided is in the record, so nothing
     * is rendered again; its request, or its completion, is announced again in case that was lost.
     */
    private Outcome resume(Execution e) {
        if (e.status() == ExecutionStatus.REQUESTED || e.status() == ExecutionStatus.DELAYED) {
            bus.publish(Channels.EXECUTIONS_REQUESTED, e.id(), new ExecutionRequested(e.id()));
        }
        if (failedBeforeRequest(e)) {
            writer.completed(e);
            return new Outcome(e.id(), e.result().path("error").asText());
        }
        return new Outcome(e.id(), null);
    }

    private RuleEnforcement record(Rule rule, TriggerInstance instance, Outcome outcome) {
        RuleEnforcement enforcement = new RuleEnforcement(
                enforcementId(rule, instance),
                instance.id(),
                outcome.executionId(),
                outcome.failureReason(),
                ruleRef(rule),
                Timestamps.now(clock),
                outcome.failureReason() == null ? RuleEnforcement.Status.SUCCEEDED : RuleEnforcement.Status.FAILED);
        return insertOnce(store.store(Kinds.RULE_ENFORCEMENT), enforcement);
    }

    static String executionId(Rule rule, TriggerInstance instance) {
        return Ids.derived("execution", rule.id(), instance.id());
    }

    static String enforcementId(Rule rule, TriggerInstance instance) {
        return Ids.derived("enforcement", rule.id(), instance.id());
    }

    static RuleEnforcement.RuleRef ruleRef(Rule rule) {
        return new RuleEnforcement.RuleRef(rule.ref(), rule.id(), rule.uid());
    }

    /**
     * {@code {trigger_instance: {id, name}, rule: {id, name}, user, pack, trace_context}}, as
     * {@code RuleEnforcer.get_action_execution_context} makes it (a trigger instance has no name: null).
     */
    static ExecutionContext context(Rule rule, TriggerInstance instance, String user, String pack, String traceTag) {
        return new ExecutionContext(
                user,
                pack,
                null,
                traceTag,
                new ExecutionContext.Ref(rule.id(), rule.name()),
                new ExecutionContext.Ref(instance.id(), null),
                null,
                null,
                null,
                null,
                null);
    }

    /**
     * The execution's {@code rule}, {@code trigger}, {@code trigger_type} and {@code trigger_instance}
     * (RuleAPI, TriggerAPI, TriggerTypeAPI, TriggerInstanceAPI); a trigger or type that is not registered
     * is left out.
     */
    static Cause cause(Rule rule, TriggerRules rules, TriggerInstance instance) {
        return new Cause(rule, rules.triggerRecord(), rules.triggerType(), instance);
    }

    /**
     * {@code {error, traceback}}, the shape StackStorm gives an execution that failed at enforcement; both
     * are the one-line reason, since clients read this result and Java stack frames are no use to them.
     */
    static ObjectNode result(Exception e) {
        ObjectNode result = Json.object();
        result.put("error", reason(e));
        result.put("traceback", reason(e));
        return result;
    }

    /** What failed, in words, on one line. */
    static String reason(Exception e) {
        return FailureReason.of(e);
    }

    /**
     * Whether {@code e} is an execution the enforcer stored as failed: failed without ever being scheduled,
     * with an {@code {error, traceback}} result. A runner's failure always passes through scheduled/running.
     */
    static boolean failedBeforeRequest(Execution e) {
        return e.status() == ExecutionStatus.FAILED
                && e.log().stream().map(StatusChange::status).allMatch(BEFORE_REQUEST::contains)
                && e.result().has("error")
                && e.result().has("traceback");
    }

    /**
     * Stores {@code enforcement} unless it exists, and returns what is stored. The unique index on
     * (rule id, trigger instance id) may hold a record with another id (written by an older Reflex or by
     * hand): that one stands.
     */
    static RuleEnforcement insertOnce(Store<RuleEnforcement> store, RuleEnforcement enforcement) {
        try {
            return store.insertIfAbsent(enforcement);
        } catch (DuplicateKeyException e) {
            return store.findOne(Filter.and(
                            Filter.eq("rule.id", enforcement.rule().id()),
                            Filter.eq("trigger_instance_id", enforcement.triggerInstanceId())))
                    .orElseThrow(() -> e);
        }
    }

    /**
     * Renders a rule's {@code action.parameters} as StackStorm's {@code render_live_params} does for the rule
     * enforcer: Jinja over {@code trigger} (the payload), {@code action_context} (the execution context),
     * {@code config_context} (the pack config), {@code st2kv} and the other parameters by name, cast to the
     * declared types. The result holds the parameters the rule gave plus those whose default is a template
     * (rendered, unless immutable); plain defaults are left to the runner, as in StackStorm, so an immutable
     * runner parameter is never sent as if the rule had overridden it. The rule's values are templates of a
     * trusted author (the system's datastore rights); the trigger payload is data in their context, never parsed
     * itself, and the result is stored as data (the runner does not render it again).
     */
    static final class Parameters {
        private final ParameterRenderer renderer;
        private final Datastore datastore;
        private final TemplateLimits limits;

        Parameters(Templates templates, Datastore datastore) {
            this.renderer = new ParameterRenderer(templates);
            this.limits = templates.limits();
            this.datastore = datastore;
        }

        /**
         * @param schema the action's parameter schemas merged over its runner's
         * @throws io.reflex.templates.TemplateException naming the parameter that failed and why; all the
         *     parameters together get {@code templates.max_render_time}
         */
        ObjectNode render(
                ObjectNode schema,
                ObjectNode given,
                ObjectNode payload,
                ObjectNode actionContext,
                ObjectNode packConfig,
                String user) {
            Map<String, Object> context = new HashMap<>();
            context.put("trigger", Values.toJava(payload));
            context.put("action_context", Values.toJava(actionContext));
            context.put("config_context", Values.toJava(packConfig));
            return RenderScope.call(
                    limits.maxRenderTime(),
                    limits.exceeded("rule parameters", TemplateLimits.MAX_RENDER_TIME),
                    null,
                    () -> renderer.renderLive(schema, given, context, datastore, user, KeyRights.TRUSTED));
        }
    }
}
