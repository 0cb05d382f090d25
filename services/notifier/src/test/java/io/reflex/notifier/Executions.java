package io.reflex.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionContext;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.model.Action;
import io.reflex.core.model.RunnerType;
import io.reflex.executions.ExecutionWriter;
import java.time.Instant;

/** Execution records built in memory for the pure parts' tests. */
final class Executions {
    static final Instant START = Instant.parse("2024-03-01T10:00:00.123Z");
    static final Instant END = Instant.parse("2024-03-01T10:00:05Z");

    private Executions() {}

    /** An execution of {@code examples.deploy} (local-shell-cmd, secret {@code password}) ended in {@code status}. */
    static Execution completed(ExecutionStatus status, String notify, String context, String result) {
        Action action = Json.mapper()
                .convertValue(
                        NotifierFixture.json(
                                "{'id': 'a1', 'ref': 'examples.deploy', 'name': 'deploy', 'pack': 'examples',"
                                        + " 'runner_type': 'local-shell-cmd', 'parameters': {'target': {'type': 'string'},"
                                        + " 'password': {'type': 'string', 'secret': true}}}"),
                        Action.class);
        RunnerType runner = Json.mapper()
                .convertValue(
                        NotifierFixture.json(
                                "{'id': 'r1', 'name': 'local-shell-cmd', 'runner_parameters': {'sudo_password':"
                                        + " {'type': 'string', 'secret': true}}}"),
                        RunnerType.class);
        ObjectNode params = NotifierFixture.json("{'target': 'web1', 'password': 's3cret', 'sudo_password': 'x'}");
        Execution e =
                Execution.request("0123456789abcdef01234567", ExecutionStatus.REQUESTED, START, action, runner, params);
        e = e.transitionTo(ExecutionStatus.SCHEDULED, START).transitionTo(ExecutionStatus.RUNNING, START);
        JsonNode resultNode = Json.read(result.replace('\'', '"'), JsonNode.class);
        ObjectNode notifyNode = NotifierFixture.json(notify);
        ObjectNode contextNode = NotifierFixture.json(context);
        Execution done = e.transitionTo(status, END);
        return ExecutionWriter.oneStep(
                done,
                done.withResult(resultNode)
                        .requestedWith(
                                done.details().withNotify(notifyNode).withContext(ExecutionContext.of(contextNode))));
    }

    static Execution completed(ExecutionStatus status) {
        return completed(status, "{}", "{'user': 'alice'}", "{'stdout': 'ok'}");
    }
}
