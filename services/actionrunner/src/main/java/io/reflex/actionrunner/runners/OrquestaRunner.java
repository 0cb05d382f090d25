package io.reflex.actionrunner.runners;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.actionrunner.runners.Runner.RunContext;
import io.reflex.content.ContentException;
import io.reflex.content.YamlFile;
import io.reflex.core.bus.EventBus;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels;
import io.reflex.core.messages.Channels.WorkflowRequested;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.core.workflow.WorkflowExecution;
import io.reflex.core.workflow.WorkflowRerun;
import io.reflex.executions.ActionResolver;
import io.reflex.orquesta.Inspection;
import io.reflex.orquesta.WorkflowDefinitionException;
import io.reflex.orquesta.Workflows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code orquesta}: hands the workflow to the workflow engines and holds nothing while it runs. It reads the
 * workflow definition from the pack version the execution was requested with, inspects it (a definition with
 * errors fails the execution at once with StackStorm's {@code {errors, output: null}}), stores the workflow's
 * state ({@link WorkflowExecution}, id = the execution id, inserted only if absent) and publishes
 * {@link WorkflowRequested}; then it reports the execution still {@code running}, which drops this runner's
 * lease. Running it again after a crash finds the stored state and publishes the request again, harmlessly. A
 * re-run from chosen tasks ({@code context.re-run.tasks}) starts from the original workflow's state instead
 * ({@link WorkflowRerun}).
 */
public final class OrquestaRunner implements Runner {
    private final StateStore store;
    private final EventBus bus;
    private final Clock clock;
    private final Workflows workflows = Workflows.standard();

    public OrquestaRunner(StateStore store, EventBus bus, Clock clock) {
        this.store = store;
        this.bus = bus;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "orquesta";
    }

    @Override
    public Runner.Result run(RunContext ctx) throws IOException {
        Path file = ctx.existingPackDir()
                .resolve("actions")
                .resolve(ctx.entryPoint())
                .normalize();
        JsonNode definition;
        try {
            definition = YamlFile.parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8))
                    .root();
        } catch (ContentException e) {
            return failed("content", e.getMessage());
        }
        // as StackStorm: the whole inspection, the tasks' actions and their input included, before the run
        Inspection inspection;
        try {
            inspection =
                    workflows.inspect(definition, Workflows.STACKSTORM_CONTEXT, new ActionResolver(store)::parameters);
        } catch (WorkflowDefinitionException e) {
            return failed("error", e.getMessage());
        }
        if (!inspection.clean()) {
            return failed(Json.mapper().valueToTree(inspection.stackstorm()));
        }
        WorkflowExecution state;
        try {
            state = rerunTasks(ctx).isEmpty()
                    ? WorkflowExecution.requested(
                            ctx.executionId(),
                            ctx.actionRef(),
                            definition,
                            ctx.actionParameters(),
                            st2(ctx),
                            Timestamps.now(clock))
                    : rerun(ctx);
        } catch (WorkflowRerun.Refused e) {
            return failed("error", e.getMessage());
        }
        store.store(Kinds.WORKFLOW_EXECUTION).insertIfAbsent(state);
        bus.publish(Channels.WORKFLOWS_REQUESTED, ctx.executionId(), new WorkflowRequested(ctx.executionId()));
        return new Runner.Result(ExecutionStatus.RUNNING, Json.object());
    }

    /** The tasks a re-run ({@code context.re-run.tasks}) asks to run again; empty for a whole run. */
    private static List<String> rerunTasks(RunContext ctx) {
        List<String> tasks = new ArrayList<>();
        ctx.actionContext().path("re-run").path("tasks").forEach(t -> tasks.add(t.asText()));
        return tasks;
    }

    /** The state a re-run starts from: the original workflow's, its chosen tasks staged again. */
    private WorkflowExecution rerun(RunContext ctx) {
        String original = ctx.actionContext().path("re-run").path("ref").asText();
        WorkflowExecution before = store.store(Kinds.WORKFLOW_EXECUTION)
                .get(original)
                .orElseThrow(() -> new WorkflowRerun.Refused(
                        "Unable to re-run workflow execution \"" + original + "\": its workflow state is gone."));
        List<String> reset = new ArrayList<>();
        ctx.actionContext().path("re-run").path("reset").forEach(t -> reset.add(t.asText()));
        return WorkflowRerun.from(before, ctx.executionId(), st2(ctx), rerunTasks(ctx), reset, Timestamps.now(clock));
    }

    /** What {@code ctx(st2)} shows, as StackStorm's orquesta runner builds it. */
    private static ObjectNode st2(RunContext ctx) {
        ObjectNode st2 = Json.object();
        st2.put("action_execution_id", ctx.executionId());
        st2.put("api_url", ctx.env().getOrDefault("ST2_ACTION_API_URL", ""));
        st2.put("user", ctx.user());
        st2.put("pack", ctx.pack());
        st2.put("action", ctx.actionRef());
        st2.put("runner", "orquesta");
        if (ctx.actionContext().has("parent")) {
            st2.set("parent", ctx.actionContext().get("parent").deepCopy());
        }
        return st2;
    }

    private static Runner.Result failed(String type, String message) {
        return failed(Json.mapper()
                .createArrayNode()
                .add(Json.object().put("type", type).put("message", message)));
    }

    private static Runner.Result failed(JsonNode errors) {
        ObjectNode result = Json.object();
        result.set("errors", errors);
        result.putNull("output");
        return new Runner.Result(ExecutionStatus.FAILED, result);
    }
}
