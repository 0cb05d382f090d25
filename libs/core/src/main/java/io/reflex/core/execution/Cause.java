package io.reflex.core.execution;

import io.reflex.core.model.Rule;
import io.reflex.core.model.Trigger;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.model.TriggerType;

/**
 * What made a rule start an execution, as it was when the rule was enforced: the rule, the trigger instance,
 * and the trigger and its type when they are registered (null otherwise). A retry carries its original's.
 */
public record Cause(Rule rule, Trigger trigger, TriggerType triggerType, TriggerInstance triggerInstance) {}
