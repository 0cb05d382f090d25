package io.reflex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.cli.client.ApiClient;
import io.reflex.cli.client.ExecutionWaiter;
import io.reflex.cli.client.ExitCodes;
import io.reflex.cli.client.ParameterCasts;
import io.reflex.cli.output.Output;
import io.reflex.core.execution.Execution.StatusChange;
import io.reflex.core.json.Json;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "execution",
        mixinStandardHelpOptions = true,
        description = "List, inspect, follow, cancel and re-run executions.",
        subcommands = {
            ExecutionCommand.ListExecutions.class,
            ExecutionCommand.Get.class,
            ExecutionCommand.Tail.class,
            ExecutionCommand.Cancel.class,
            ExecutionCommand.Pause.class,
            ExecutionCommand.Resume.class,
            ExecutionCommand.ReRun.class
        },
        footer = {
            "",
            "Examples:",
            "  reflex execution list -n 20 --status failed",
            "  reflex execution get 65f0c0ffee0000000000abcd",
            "  reflex execution tail 65f0c0ffee0000000000abcd",
            "  reflex execution pause 65f0c0ffee0000000000abcd",
            "  reflex execution re-run 65f0c0ffee0000000000abcd cmd=uptime"
        })
final class ExecutionCommand {
    static String path(String id) {
        return "/executions/" + ApiClient.segment(id);
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List executions, newest first.",
            footer = {
                "",
                "Examples:",
                "  reflex execution list",
                "  reflex execution list --action core.local --status succeeded -n 5",
                "  reflex execution list -a id,status,result.return_code --json"
            })
    static final class ListExecutions extends ResourceCommands.ListNewest {
        @Option(names = "--action", paramLabel = "REF", description = "only executions of this action")
        String action;

        @Option(
                names = {"-s", "--status"},
                paramLabel = "STATUS",
                description = "only executions in this status")
        String status;

        @Option(
                names = {"-u", "--user"},
                paramLabel = "USER",
                description = "only executions of this user")
        String user;

        @Option(
                names = "--trigger-instance",
                paramLabel = "ID",
                description = "only executions of this trigger instance")
        String triggerInstance;

        @Option(names = "--rule", paramLabel = "REF", description = "only executions of this rule")
        String rule;

        @Option(names = "--parent", paramLabel = "ID", description = "only children of this execution")
        String parent;

        @Option(
                names = {"-l", "--showall"},
                description = "include the tasks of workflows (children); by default only top-level executions")
        boolean showAll;

        ListExecutions() {
            super("/executions", "executions", ExecutionFormat.LIST_COLUMNS);
        }

        @Override
        Query filters(Query query) {
            return query.add("action", action)
                    .add("status", status)
                    .add("user", user)
                    .add("trigger_instance", triggerInstance)
                    .add("rule", rule)
                    .add("parent", parent != null ? parent : showAll ? null : "null")
                    .add("exclude_attributes", output.chosen() ? null : "result,trigger_instance");
        }

        @Override
        JsonNode shown(JsonNode items, Output.Format format) {
            return format == Output.Format.TABLE ? ExecutionFormat.withElapsed(items) : items;
        }
    }

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "Show one execution: its action, parameters, status, times and result.",
            footer = {
                "",
                "Examples:",
                "  reflex execution get 65f0c0ffee0000000000abcd",
                "  reflex execution get 65f0c0ffee0000000000abcd -a status,result.stdout",
                "  reflex execution get 65f0c0ffee0000000000abcd --show-tasks --depth 1"
            })
    static final class Get extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "execution id")
        String id;

        @Option(
                names = "--show-tasks",
                description = "list the workflow's tasks (its child executions) after it; the default for workflows")
        boolean showTasks;

        @Option(names = "--raw", description = "only the execution, without the tasks of a workflow")
        boolean raw;

        @Option(names = "--depth", paramLabel = "N", description = "levels of nested tasks to list (default: all)")
        int depth = -1;

        @Mixin
        OutputOptions output;

        @Override
        int run(Session session) {
            JsonNode e = session.api().get(path(id));
            boolean workflow = ExecutionFormat.isWorkflow(e);
            if (showTasks && !workflow) {
                err().println("reflex: --show-tasks can only be used with workflow actions (" + id + " ran "
                        + e.path("action").path("ref").asText() + ", runner "
                        + e.path("action").path("runner_type").asText() + ")");
                return ExitCodes.USAGE;
            }
            var out = output.output(out(), cli());
            ExecutionFormat.print(out, e, output);
            if (!raw) {
                ExecutionFormat.printTasks(session.api(), out, e, depth);
            }
            return 0;
        }
    }

    @Command(
            name = "tail",
            mixinStandardHelpOptions = true,
            description =
                    "Print an execution's output, the stored part first, then live until the execution ends; for a workflow (action-chain), each child execution's output in turn. The exit code tells how it ended (see reflex --help).",
            footer = {"", "Examples:", "  reflex execution tail 65f0c0ffee0000000000abcd"})
    static final class Tail extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "execution id (or 'last')")
        String id;

        @Override
        int run(Session session) {
            String target = id.equals("last") ? newest(session.api()) : id;
            ExecutionProgress progress = new ExecutionProgress(
                    out(), false, true, target, cli().terminal().width());
            JsonNode done =
                    new ExecutionWaiter(session.api(), Duration.ofSeconds(1)).awaitFollowingChildren(target, progress);
            String status = done.path("status").asText();
            out().println();
            out().println("Execution " + done.path("id").asText(id) + " has completed (status=" + status + ").");
            out().flush();
            return ExitCodes.ofStatus(status);
        }

        private static String newest(ApiClient api) {
            JsonNode page = api.get("/executions?limit=1&include_attributes=id");
            if (page == null || page.isEmpty()) {
                throw new io.reflex.cli.client.ClientException("there are no executions", ExitCodes.REFUSED, 404);
            }
            return page.get(0).path("id").asText();
        }
    }

    /** Asks a workflow execution for a status ({@code pausing}, {@code resuming}) and shows it as it is then. */
    abstract static class StatusChange extends ClientCommand {
        @Parameters(arity = "1..*", paramLabel = "ID", description = "workflow execution ids")
        List<String> ids;

        @Mixin
        OutputOptions output;

        abstract String status();

        @Override
        int run(Session session) {
            var out = output.output(out(), cli());
            for (String id : ids) {
                JsonNode e = session.api().put(path(id), Json.object().put("status", status()));
                ExecutionFormat.print(out, e, output);
            }
            out.writer().flush();
            return 0;
        }
    }

    @Command(
            name = "pause",
            mixinStandardHelpOptions = true,
            description = "Pause workflow executions: running tasks finish, no new task starts (and their running"
                    + " sub-workflows pause too).",
            footer = {"", "Examples:", "  reflex execution pause 65f0c0ffee0000000000abcd"})
    static final class Pause extends StatusChange {
        @Override
        String status() {
            return "pausing";
        }
    }

    @Command(
            name = "resume",
            mixinStandardHelpOptions = true,
            description = "Resume paused workflow executions where they stopped.",
            footer = {"", "Examples:", "  reflex execution resume 65f0c0ffee0000000000abcd"})
    static final class Resume extends StatusChange {
        @Override
        String status() {
            return "resuming";
        }
    }

    @Command(
            name = "cancel",
            mixinStandardHelpOptions = true,
            description = "Cancel executions (running ones are stopped by their runner).",
            footer = {"", "Examples:", "  reflex execution cancel 65f0c0ffee0000000000abcd"})
    static final class Cancel extends ClientCommand {
        @Parameters(arity = "1..*", paramLabel = "ID", description = "execution ids")
        List<String> ids;

        @Override
        int run(Session session) {
            for (String id : ids) {
                JsonNode e = session.api().delete(path(id));
                String status = e == null ? "canceling" : e.path("status").asText("canceling");
                out().println(
                                status.equals("canceled")
                                        ? "Execution " + id + " canceled."
                                        : "Execution " + id + " is being canceled (status=" + status + ").");
            }
            out().flush();
            return 0;
        }
    }

    @Command(
            name = "re-run",
            mixinStandardHelpOptions = true,
            description =
                    "Run an execution's action again with its parameters, overridden by the ones given (all of them replaced with --no-merge), and wait for it like reflex run.",
            footer = {
                "",
                "Examples:",
                "  reflex execution re-run 65f0c0ffee0000000000abcd",
                "  reflex execution re-run 65f0c0ffee0000000000abcd cmd=uptime --async"
            })
    static final class ReRun extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "execution id")
        String id;

        @Parameters(index = "1..*", paramLabel = "PARAM", description = "parameters as key=value")
        List<String> parameters = List.of();

        @Option(names = "--no-merge", description = "use only the given parameters, not the original ones")
        boolean noMerge;

        @Option(names = "--delay", paramLabel = "MS", description = "start this many milliseconds later")
        Long delay;

        @Mixin
        WaitOptions wait;

        @Mixin
        OutputOptions output;

        @Override
        int run(Session session) {
            JsonNode original = session.api().get(path(id) + "?include_attributes=id,action");
            JsonNode schema = RunCommand.schema(
                    session.api(), original.path("action").path("ref").asText());
            ObjectNode body = Json.object();
            body.set("parameters", ParameterCasts.cast(parameters, schema, cli().workingDir()));
            if (noMerge) {
                body.put("no_merge", true);
            }
            if (delay != null) {
                body.put("delay", delay);
            }
            JsonNode execution = session.api().post(path(id) + "/re_run", body);
            return wait.follow(session.api(), execution, output.output(out(), cli()), output, cli());
        }
    }
}
