package io.reflex.actionrunner.runners;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.actionrunner.runners.Runner.RunContext;
import io.reflex.core.bus.EventBus;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.execution.FailureReason;
import io.reflex.core.execution.ResolvedAction;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.store.Ids;
import io.reflex.core.store.StateStore;
import io.reflex.executions.ExecutionLauncher;
import io.reflex.executions.ExecutionWriter;
import io.reflex.templates.Datastore;
import io.reflex.templates.TemplateException;
import io.reflex.templates.TemplateLimits;
import io.reflex.templates.Templates.RenderScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code action-chain}: runs the chain's tasks one after another, each as a child
 * execution (context {@code {parent: {execution_id, ...}, chain: <task>}}) that any runner may take, waiting
 * for each to complete; publishes variables; follows {@code on-success} / {@code on-failure}. The chain ends
 * with the status of its last task (a task that failed and had no {@code on-failure} fails the chain) and
 * the result {@code {tasks: [...], published: {...}}} (plus {@code error}/{@code traceback} when the chain
 * itself broke). Child ids derive from (chain id, task name, position in the run), so a chain run again
 * finds the tasks it already ran instead of running them twice. Cancelling the chain stops it at once and
 * starts no further task; the task in flight is canceled too when it is a workflow, and otherwise left to
 * finish, as StackStorm cascades a cancel to workflow children only. Pausing it ({@code pausing})
 * pauses a workflow task in flight too, lets any other finish, and then ends the run {@code paused} with the
 * tasks so far. A task that waits (an inquiry {@code pending} an answer, a workflow task {@code paused})
 * pauses the chain as well. A resume runs the chain again, which finds those tasks done (resuming a paused
 * workflow task and waiting for it) and goes on with the next one, so the outcome is the one an unpaused run
 * has. An inquiry task's result is also readable as {@code <task>.result} in later templates, as StackStorm
 * exposes an answered inquiry ({@code {{ ask.result.response.approved }}}).
 */
public final class ActionChainRunner implements Runner {
    private static final Logger log = LoggerFactory.getLogger(ActionChainRunner.class);

    private final ChainChildren children;
    private final ChainTemplates templates;
    private final Clock clock;

    /** @param poll how soon a task's completion is first looked for (the wait then backs off to 0.5 s) */
    public ActionChainRunner(
            ExecutionLauncher launcher,
            ExecutionWriter writer,
            StateStore store,
            EventBus bus,
            Datastore datastore,
            TemplateLimits templateLimits,
            Clock clock,
            Duration poll) {
        this.children = new ChainChildren(launcher, writer, store, bus, poll);
        this.templates = new ChainTemplates(datastore, templateLimits);
        this.clock = clock;
    }

    @Override
    public String name() {
        return "action-chain";
    }

    @Override
    public Runner.Result run(RunContext ctx) throws InterruptedException {
        ChainSpec spec;
        try {
            spec = ChainSpec.load(
                    ctx.packDir().resolve("actions").resolve(ctx.entryPoint()).normalize());
        } catch (ChainSpec.Invalid e) {
            ObjectNode result = Json.object();
            result.putArray("tasks");
            return new Runner.Result(ExecutionStatus.FAILED, withError(result, e.getMessage(), null));
        }
        // a cancel also stops a template of the chain in the middle of its rendering
        return RenderScope.stoppable(ctx.canceled(), new ChainRun(ctx, spec)::execute);
    }

    /** One run of one chain: the loop and the result it builds. */
    private final class ChainRun {
        private final RunContext ctx;
        private final ChainSpec spec;
        private final ChainTemplates.State state = new ChainTemplates.State();
        private final ObjectNode result = Json.object();
        private final ArrayNode tasks = result.putArray("tasks");
        private final ObjectNode published;
        private final ObjectNode parentContext;
        private ExecutionStatus status = ExecutionStatus.FAILED;
        /** Whether the chain's pause was passed on to the workflow task in flight. */
        private boolean pausePassedOn;

        ChainRun(RunContext ctx, ChainSpec spec) {
            this.ctx = ctx;
            this.spec = spec;
            this.published = ctx.runnerParameters().path("display_published").asBoolean(true)
                    ? result.putObject("published")
                    : null;
            this.parentContext = Json.object().put("execution_id", ctx.executionId());
            parentContext.setAll(ctx.actionContext().deepCopy());
        }

        Runner.Result execute() throws InterruptedException {
            try {
                state.vars.setAll(templates.vars(spec.vars(), ctx.actionParameters(), ctx.user()));
            } catch (TemplateException e) {
                return new Runner.Result(status, withError(result, "Failed initializing ``vars`` in chain.", e));
            }
            ChainSpec.Task task = spec.first();
            if (task == null) {
                status = ExecutionStatus.SUCCEEDED;
            }
            int index = 0;
            while (task != null) {
                if (ctx.canceled().getAsBoolean()) {
                    status = ExecutionStatus.CANCELED;
                    break;
                }
                if (index > 0 && children.pausing(ctx.executionId())) {
                    log.info("chain paused execution={} next_task={}", ctx.executionId(), task.name());
                    return new Runner.Result(ExecutionStatus.PAUSED, result);
                }
                task = step(task, index++);
            }
            return new Runner.Result(status, result);
        }

        /** Runs one task and returns the next one (null: the chain ends). */
        private ChainSpec.Task step(ChainSpec.Task task, int index) throws InterruptedException {
            Instant created = Timestamps.now(clock);
            ResolvedAction action = children.action(task.ref()).orElse(null);
            if (action == null) {
                String m = "Failed to run task \"" + task.name() + "\". Action with reference \"" + task.ref()
                        + "\" doesn't exist.";
                return abort(
                        m,
                        new IllegalArgumentException(
                                "Task :: " + task.name() + " - Action with ref " + task.ref() + " not registered."));
            }
            ObjectNode params;
            try {
                params = templates.taskParameters(task, action.parameterSchema(), ctx, parentContext, state);
            } catch (TemplateException e) {
                return abort("Failed to run task \"" + task.name() + "\". Parameter rendering failed.", e);
            }
            String childId = Ids.derived(ctx.executionId(), task.name(), Integer.toString(index));
            Execution child;
            try {
                child = children.launch(childId, action, params, ctx.user(), childContext(task));
            } catch (ExecutionLauncher.Refused e) {
                ObjectNode error = withError(Json.object(), "Failed running task \"" + task.name() + "\".", e);
                state.results.put(task.name(), error);
                tasks.add(entry(task, null, error, ExecutionStatus.FAILED, created));
                return next(task, ExecutionStatus.FAILED);
            }
            log.info(
                    "chain task started execution={} task={} child={} action={}",
                    ctx.executionId(),
                    task.name(),
                    child.id(),
                    task.ref());
            if (child.status() == ExecutionStatus.PAUSED) {
                child = children.resumeWorkflow(child, ctx.user()); // the chain was resumed: so is its task
            }
            child = children.await(child.id(), ctx.canceled(), this::passOnPause);
            return finished(task, child, created);
        }

        /** A pausing chain pauses the workflow task it waits for (once); other tasks run to their end. */
        private void passOnPause(Execution child) {
            if (!pausePassedOn
                    && child.status() == ExecutionStatus.RUNNING
                    && ChainChildren.isWorkflow(child)
                    && children.pausing(ctx.executionId())) {
                pausePassedOn = true;
                log.info("chain pausing its task execution={} child={}", ctx.executionId(), child.id());
                children.pauseWorkflow(child, ctx.user());
            }
        }

        private ChainSpec.Task finished(ChainSpec.Task task, Execution child, Instant created) {
            state.results.put(task.name(), contextResult(child));
            ChainSpec.Task next;
            if (ChainChildren.waits(child) && !ctx.canceled().getAsBoolean()) {
                log.info(
                        "chain paused execution={} task={} task_status={}",
                        ctx.executionId(),
                        task.name(),
                        child.status().wire());
                status = ExecutionStatus.PAUSED; // the resume finds this task again and goes on from it
                tasks.add(entry(task, child, child.result(), child.status(), created));
                return null;
            }
            if (!child.status().completed()) {
                status = ExecutionStatus.CANCELED; // the chain was canceled while the task ran
                children.cancelWorkflow(child);
                next = null;
            } else {
                next = next(task, child.status());
            }
            if (child.status() == ExecutionStatus.SUCCEEDED && !task.publish().isEmpty()) {
                try {
                    ObjectNode vars =
                            templates.publish(task, child.result(), ctx.actionParameters(), state, ctx.user());
                    state.vars.setAll(vars);
                    if (published != null) {
                        published.setAll(vars.deepCopy());
                    }
                } catch (TemplateException e) {
                    tasks.add(entry(task, child, child.result(), child.status(), created));
                    return abort(e.getMessage(), e);
                }
            }
            tasks.add(entry(task, child, child.result(), child.status(), created));
            return next;
        }

        /**
         * What later templates see of a task: its result; an inquiry's also under {@code result}, where
         * StackStorm's chain puts the answered inquiry's result when it resumes.
         */
        private JsonNode contextResult(Execution child) {
            if (!"inquirer".equals(child.runner().name()) || !(child.result() instanceof ObjectNode r)) {
                return child.result();
            }
            ObjectNode seen = r.deepCopy();
            seen.set("result", r.deepCopy());
            return seen;
        }

        /** The chain status after a task ended with {@code s}, and the task to run next. */
        private ChainSpec.Task next(ChainSpec.Task task, ExecutionStatus s) {
            try {
                return switch (s) {
                    case SUCCEEDED -> {
                        status = ExecutionStatus.SUCCEEDED;
                        yield spec.next(task, true);
                    }
                    case CANCELED -> {
                        status = ExecutionStatus.CANCELED;
                        yield null;
                    }
                    default -> {
                        status = s == ExecutionStatus.TIMEOUT ? ExecutionStatus.TIMEOUT : ExecutionStatus.FAILED;
                        yield spec.next(task, false);
                    }
                };
            } catch (ChainSpec.Invalid e) {
                return abort("Failed to get next node \"" + task.name() + "\".", e);
            }
        }

        private ChainSpec.Task abort(String message, Exception cause) {
            status = ExecutionStatus.FAILED;
            withError(result, message, cause);
            return null;
        }

        private ObjectNode childContext(ChainSpec.Task task) {
            ObjectNode context = Json.object();
            context.set("parent", parentContext.deepCopy());
            context.set("chain", task.raw().deepCopy());
            return context;
        }

        /** A task's entry in the chain result, as StackStorm's {@code _format_action_exec_result}. */
        private ObjectNode entry(
                ChainSpec.Task task, Execution child, JsonNode taskResult, ExecutionStatus s, Instant created) {
            ObjectNode e = Json.object();
            e.put("id", task.name());
            e.put("name", task.name());
            e.put("execution_id", child == null ? null : child.id());
            e.put("liveaction_id", child == null ? null : child.id());
            e.putNull("workflow");
            e.put("created_at", isotime(created));
            e.put("updated_at", isotime(Timestamps.now(clock)));
            e.put("state", s.wire());
            e.set("result", taskResult.deepCopy());
            return e;
        }
    }

    /** StackStorm's {@code isotime.format} with an offset: {@code 2024-01-02T03:04:05.000006+00:00}. */
    private static String isotime(Instant t) {
        String z = Timestamps.format(t);
        return z.endsWith("Z") ? z.substring(0, z.length() - 1) + "+00:00" : z;
    }

    /**
     * StackStorm's {@code _format_error} shape: {@code {error: "<message>. <reason>", traceback}}, both one
     * line in words; Java stack frames stay in the service log (clients read this result).
     */
    static ObjectNode withError(ObjectNode target, String message, Exception cause) {
        String error = cause == null ? message : message + ". " + FailureReason.of(cause);
        target.put("error", FailureReason.oneLine(error));
        target.put("traceback", FailureReason.oneLine(error));
        return target;
    }
}
