package io.reflex.core.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.function.Consumer;

/** The one merge of an action's parameter schemas over its runner's. */
public final class ParameterSchema {
    /** The attributes of a runner parameter an action may set to another value. */
    public static final Set<String> OVERRIDABLE = Set.of("default", "description", "enum", "immutable", "required");

    /** An action setting {@code attribute} of runner parameter {@code parameter} to another value. */
    public record Override(String parameter, String attribute) {}

    private ParameterSchema() {}

    /**
     * The effective parameter schema of an action: a copy of {@code runnerParameters} with each of
     * {@code actionParameters} merged in; where both define a parameter as an object, attribute by attribute
     * (StackStorm's {@code deep_update} one level down). Neither input is changed.
     *
     * @param refused null to take every attribute the action sets (what runs an action does); otherwise an
     *     attribute outside {@link #OVERRIDABLE} whose value differs from the runner's is told to it and the
     *     runner's value is kept (what checks an action's metadata does)
     */
    public static ObjectNode merge(
            ObjectNode runnerParameters, ObjectNode actionParameters, Consumer<Override> refused) {
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
                    refused.accept(new Override(p.getKey(), a.getKey()));
                } else {
                    base.set(a.getKey(), a.getValue().deepCopy());
                }
            });
        });
        return out;
    }
}
