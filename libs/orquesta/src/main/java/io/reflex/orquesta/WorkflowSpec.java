package io.reflex.orquesta;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A workflow definition in orquesta's language, version 1.0, as read from its YAML: what the workflow
 * takes ({@link #input}), the variables it starts with ({@link #vars}), its {@link #tasks} in the order
 * written, and what it returns ({@link #output}). Reading is lenient: a part that breaks the schema is left
 * out here and reported by {@link Workflows#inspect}; only a definition that is no mapping at all is
 * refused ({@link WorkflowDefinitionException}).
 *
 * @param version as written ({@code 1.0}), if given
 * @param description if given
 * @param input the input names in order, each with its default if it has one
 * @param vars the variables in order (later ones may refer to earlier ones)
 * @param output the output values in order
 * @param tasks the tasks by name, in the order written
 */
public record WorkflowSpec(
        Optional<String> version,
        Optional<String> description,
        List<WorkflowInput> input,
        List<Assignment> vars,
        List<Assignment> output,
        Map<String, TaskSpec> tasks) {
    public WorkflowSpec {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(description, "description");
        input = List.copyOf(input);
        vars = List.copyOf(vars);
        output = List.copyOf(output);
        tasks = Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
    }

    /** The task called {@code name}, if the workflow defines one (engine commands are no tasks). */
    public Optional<TaskSpec> task(String name) {
        return Optional.ofNullable(tasks.get(name));
    }
}
