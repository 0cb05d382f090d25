package io.reflex.rulesengine;

import io.reflex.core.execution.Cause;
import io.reflex.core.execution.ExecutionContext;
import io.reflex.core.model.Rule;
import io.reflex.core.model.RuleEnforcement;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.store.Ids;

/**
 * The pure parts of enforcing a rule: the ids an enforcement and its execution get (derived from the rule
 * and the trigger instance, so a redelivery names the same records), the execution context StackStorm's
 * enforcer builds, and the rule/trigger snapshots stored on the execution (StackStorm API shapes).
 */
final class RuleExecutions {
    private RuleExecutions() {}

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
}
