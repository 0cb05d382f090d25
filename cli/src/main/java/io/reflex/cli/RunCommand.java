package io.reflex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.cli.client.ApiClient;
import io.reflex.cli.client.ClientException;
import io.reflex.cli.client.ParameterCasts;
import io.reflex.core.json.Json;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run an action and wait for it.",
            "A spinner shows progress on a terminal, then the result is printed and the exit code tells how the execution ended (0 succeeded, 1 failed, 2 timeout, 3 canceled, 4 abandoned, 5 waiting for an inquiry). Parameters are key=value, cast to the action's parameter types as st2 does: integer, number, boolean (true/false), object (JSON or k1=v1,k2=v2), array (JSON or a comma list; repeat the key to append); @key=FILE sends a file's content. For actions with a 'cmd' parameter the first argument without '=' starts the command."
        },
        footer = {
            "",
            "Examples:",
            "  reflex run core.local cmd=date",
            "  reflex run core.local -- uname -a",
            "  reflex run examples.greet name=Ada times=3 shout=true",
            "  reflex run core.http url=https://example.com method=GET --tail",
            "  id=$(reflex run --async core.local cmd='sleep 60')",
            "  reflex run core.local --help        the action's parameters"
        })
final class RunCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ACTION", description = "action reference (pack.name)")
    String action;

    @Parameters(index = "1..*", paramLabel = "PARAM", description = "parameters as key=value")
    List<String> parameters = List.of();

    @Option(names = "--delay", paramLabel = "MS", description = "start the execution this many milliseconds later")
    Long delay;

    @Option(names = "--user", paramLabel = "USER", description = "run as this user (administrators only)")
    String user;

    @Mixin
    WaitOptions wait;

    @Mixin
    OutputOptions output;

    @Override
    int run(Session session) {
        var out = output.output(out(), cli());
        ObjectNode request = Json.object().put("action", action);
        request.set("parameters", ParameterCasts.cast(parameters, schema(session.api(), action), cli().workingDir()));
        if (delay != null) {
            request.put("delay", delay);
        }
        if (user != null) {
            request.put("user", user);
        }
        JsonNode execution = session.api().post("/executions", request);
        return wait.follow(session.api(), execution, out, output, cli());
    }

    /**
     * {@code reflex run ACTION --help}: the action's description and parameters instead of the command's usage
     * (the command line's execution strategy calls this when help is asked for with an action named).
     */
    int printActionHelp() {
        try (Session session = client.open()) {
            JsonNode found = actionGet(session.api(), "/actions/" + ApiClient.segment(action), action);
            JsonNode schema = schema(session.api(), action);
            out().print(ActionHelp.render(found, schema, cli().terminal().width()));
            out().flush();
            return 0;
        }
    }

    /** The action's parameter schema (runner parameters included), to cast values with. */
    static JsonNode schema(ApiClient api, String ref) {
        return actionGet(api, "/actions/views/parameters/" + ApiClient.segment(ref), ref)
                .path("parameters");
    }

    private static JsonNode actionGet(ApiClient api, String path, String ref) {
        try {
            return api.get(path);
        } catch (ClientException e) {
            if (e.httpStatus() == 404) {
                throw new ClientException("Action \"" + ref + "\" cannot be found.", e.exitCode(), 404);
            }
            throw e;
        }
    }
}
