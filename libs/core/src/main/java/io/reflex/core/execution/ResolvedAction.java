package io.reflex.core.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.model.Action;
import io.reflex.core.model.RunnerType;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An action with everything needed to request or run it: its runner type, its parameter schema merged over
 * the runner's ({@link #mergeSchema}, every override taken), and the content hash of its pack
 * ({@code ""} when the pack is not registered). Made once, where an action is looked up, and carried from there:
 * the execution keeps its parts ({@link Execution#resolved()}).
 */
public record ResolvedAction(Action action, RunnerType runner, ObjectNode parameterSchema, String packVersion) {
    public ResolvedAction {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(parameterSchema, "parameter_schema");
        packVersion = packVersion == null ? "" : packVersion;
    }

    /** {@code action} run by {@code runner}, its schema merged here. */
    public static ResolvedAction of(Action action, RunnerType runner, String packVersion) {
        return new ResolvedAction(
                action, runner, mergeSchema(runner.runnerParameters(), action.parameters(), null), packVersion);
    }

    public String ref() {
        return action.ref();
    }

    public String runnerName() {
        return runner.name();
    }

    /** The attributes of a runner parameter an action may set to another value. */
    public static final Set<String> OVERRIDABLE = Set.of("default", "description", "enum", "immutable", "required");

    /** An action setting {@code attribute} of runner parameter {@code parameter} to another value. */
    public record SchemaOverride(String parameter, String attribute) {}

    /**
     * The one merge of an action's parameter schemas over its runner's. The effective parameter schema of an action: a copy of {@code runnerParameters} with each of
     * {@code actionParameters} merged in; where both define a parameter as an object, attribute by attribute
     * (StackStorm's {@code deep_update} one level down). Neither input is changed.
     *
     * @param refused null to take every attribute the action sets (what runs an action does); otherwise an
     *     attribute outside {@link #OVERRIDABLE} whose value differs from the runner's is told to it and the
     *     runner's value is kept (what checks an action's metadata does)
     */
    public static ObjectNode mergeSchema(
            ObjectNode runnerParameters, ObjectNode actionParameters, Consumer<SchemaOverride> refused) {
        ObjectNode out = runnerParameters.deepCopy();
        actionParameters.properties().forEach(p -> {
            if (!(out.get(p.getKey()) instanceof ObjectNode base) || !(p.getValue() instanceof ObjectNode over)) {
                out.set(p.getKey(), p.getValue().deepCopy());
                return;
            }
            over.properties().forEach(a -> {
                JsonNode runnerValue = base.get(a.getKey());
                if (refused != null
                        && !OVERRIDABLE.contains(a.getKey())
                        && runnerValue != null
                        && !runnerValue.equals(a.getValue())) {
                    refused.accept(new SchemaOverride(p.getKey(), a.getKey()));
                } else {
                    base.set(a.getKey(), a.getValue().deepCopy());
                }
            });
        });
        return out;
    }
}
