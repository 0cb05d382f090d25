package io.reflex.rulesengine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.json.Json;
import io.reflex.core.model.Rule;
import io.reflex.core.model.RuleEnforcement;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.store.Ids;
import java.util.function.Consumer;

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
    static ObjectNode context(Rule rule, TriggerInstance instance, String user, String pack, String traceTag) {
        ObjectNode context = Json.object();
        ObjectNode ti = context.putObject("trigger_instance");
        ti.put("id", instance.id());
        ti.putNull("name");
        context.putObject("rule").put("id", rule.id()).put("name", rule.name());
        context.put("user", user);
        context.put("pack", pack);
        context.putObject("trace_context").put("trace_tag", traceTag);
        return context;
    }

    /**
     * Sets the execution's {@code rule}, {@code trigger}, {@code trigger_type} and {@code trigger_instance}
     * (RuleAPI, TriggerAPI, TriggerTypeAPI, TriggerInstanceAPI); a trigger or type that is not registered
     * is left out.
     */
    static Consumer<Execution.Builder> snapshots(Rule rule, TriggerRules rules, TriggerInstance instance) {
        ObjectNode ruleView = (ObjectNode) Json.tree(rule);
        ObjectNode trigger = rules.triggerRecord() == null ? null : (ObjectNode) Json.tree(rules.triggerRecord());
        ObjectNode type = rules.triggerType() == null ? null : (ObjectNode) Json.tree(rules.triggerType());
        ObjectNode instanceView = (ObjectNode) Json.tree(instance);
        return b -> {
            b.rule = ruleView;
            b.trigger = trigger;
            b.triggerType = type;
            b.triggerInstance = instanceView;
        };
    }
}
