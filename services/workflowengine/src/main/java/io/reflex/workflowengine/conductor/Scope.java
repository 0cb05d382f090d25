package io.reflex.workflowengine.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.templates.Datastore;
import java.util.Objects;

/**
 * What one expression of a workflow sees: the context variables ({@code ctx()}), the task being evaluated and
 * its result ({@code result()}, {@code succeeded()}...), the current item of a with-items task ({@code item()}),
 * the other tasks' runs ({@code task_status()}, {@code task()}) and the key-value store ({@code st2kv()}).
 *
 * @param vars the context variables, never changed by an expression
 * @param task the task being evaluated, null for workflow-level expressions (vars, output)
 * @param route the task's route
 * @param result the task's result, null when there is none yet
 * @param item the current item, null outside with-items (a JSON null item is {@code NullNode})
 * @param runs the workflow's task runs as expressions read them
 * @param datastore the key-value store ({@code st2kv})
 * @param user whose user scope {@code st2kv('x')} reads (as {@code <user>:x})
 */
record Scope(
        ObjectNode vars,
        String task,
        int route,
        JsonNode result,
        JsonNode item,
        Runs runs,
        Datastore datastore,
        String user) {
    Scope {
        Objects.requireNonNull(vars, "vars");
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(datastore, "datastore");
    }

    /** The task runs of a workflow, as {@code task_status()} and {@code task()} read them. */
    interface Runs {
        /** The status of {@code task} on {@code route} (or a route it split from), {@code null} when it has not run. */
        String status(String task, int route);

        /** {@code task}'s latest run on {@code route} as st2's {@code task()} shows it, or null. */
        JsonNode view(String task, int route);

        Runs NONE = new Runs() {
            @Override
            public String status(String task, int route) {
                return null;
            }

            @Override
            public JsonNode view(String task, int route) {
                return null;
            }
        };
    }

    Scope withTask(String name, int onRoute, JsonNode taskResult) {
        return new Scope(vars, name, onRoute, taskResult, item, runs, datastore, user);
    }

    Scope withItem(JsonNode current) {
        return new Scope(vars, task, route, result, current, runs, datastore, user);
    }

    Scope withVars(ObjectNode newVars) {
        return new Scope(newVars, task, route, result, item, runs, datastore, user);
    }
}
