package io.reflex.core.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/** A rule: when a trigger fires and the criteria match, run an action with rendered parameters. */
public record Rule(
        String id,
        String name,
        String pack,
        String description,
        boolean enabled,
        RuleTypeRef type,
        RuleTrigger trigger,
        ObjectNode criteria,
        RuleAction action,
        ObjectNode context,
        List<Tag> tags,
        String metadataFile)
        implements PackFileContent {
    /** {@code standard} or {@code backstop}. */
    public record RuleTypeRef(String ref, ObjectNode parameters) {
        public RuleTypeRef {
            ref = ref == null || ref.isBlank() ? "standard" : ref;
            parameters = Defaults.object(parameters);
        }
    }

    /** {@code type} is the trigger type ref; {@code ref} the concrete Trigger's ref once resolved. */
    public record RuleTrigger(String type, ObjectNode parameters, String ref) {
        public RuleTrigger {
            Defaults.required("trigger.type", type);
            parameters = Defaults.object(parameters);
            ref = Defaults.text(ref);
        }
    }

    public record RuleAction(String ref, ObjectNode parameters) {
        public RuleAction {
            Defaults.required("action.ref", ref);
            parameters = Defaults.object(parameters);
        }
    }

    public Rule {
        Objects.requireNonNull(id, "id");
        Defaults.name("name", name);
        Defaults.refPart("pack", pack);
        description = Defaults.text(description);
        type = type == null ? new RuleTypeRef("standard", null) : type;
        Objects.requireNonNull(trigger, "trigger");
        criteria = Defaults.object(criteria);
        Objects.requireNonNull(action, "action");
        context = Defaults.object(context);
        tags = Defaults.list(tags);
        metadataFile = Defaults.text(metadataFile);
    }

    /** This rule switched on or off (an operator's enable/disable). */
    public Rule withEnabled(boolean on) {
        return new Rule(id, name, pack, description, on, type, trigger, criteria, action, context, tags, metadataFile);
    }

    @Override
    public String resourceType() {
        return "rule";
    }
}
