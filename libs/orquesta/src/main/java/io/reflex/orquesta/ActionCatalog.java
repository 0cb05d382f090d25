package io.reflex.orquesta;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * The registered actions, as StackStorm's inspection checks a workflow's tasks against them. Called once per
 * distinct action ref during an inspection, on the inspecting thread; may block (a store lookup).
 */
@FunctionalInterface
public interface ActionCatalog {
    /**
     * The parameters of action {@code ref}, runner parameters included (the action's own override them), by
     * name, each a parameter schema ({@code required}, {@code default}...); empty when no such action is
     * registered.
     */
    Optional<Map<String, JsonNode>> parameters(String ref);
}
