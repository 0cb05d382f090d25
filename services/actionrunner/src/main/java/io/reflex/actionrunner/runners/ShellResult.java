package io.reflex.actionrunner.runners;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import java.io.IOException;

/**
 * StackStorm's local shell result: {@code {failed, succeeded, return_code, stdout, stderr}} with
 * stdout/stderr JSON-decoded when the whole text is one JSON value (after one trailing newline is stripped); exit 0 succeeded,
 * -9 (timeout kill) timeout, -15 abandoned, anything else failed.
 */
record ShellResult(ExecutionStatus status, ObjectNode result) {
    /** Like Python's json.loads: the whole text must be one JSON value. */
    private static final com.fasterxml.jackson.databind.ObjectReader STRICT =
            Json.mapper().reader().with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static ShellResult of(ProcessRunner.Outcome o, long timeoutSeconds) {
        ExecutionStatus status;
        if (o.timedOut()) {
            status = ExecutionStatus.TIMEOUT;
        } else if (o.canceled()) {
            status = ExecutionStatus.CANCELED;
        } else if (o.exitCode() == 0) {
            status = ExecutionStatus.SUCCEEDED;
        } else if (o.exitCode() == -15 || o.exitCode() == 143) {
            status = ExecutionStatus.ABANDONED;
        } else {
            status = ExecutionStatus.FAILED;
        }
        ObjectNode r = Json.object();
        r.put("failed", status != ExecutionStatus.SUCCEEDED);
        r.put("succeeded", status == ExecutionStatus.SUCCEEDED);
        r.put("return_code", o.exitCode());
        r.set("stdout", decoded(o.stdout()));
        r.set("stderr", decoded(o.stderr()));
        if (o.timedOut()) {
            r.put("error", "Action failed to complete in " + timeoutSeconds + " seconds");
        }
        return new ShellResult(status, r);
    }

    /** One trailing newline stripped, then parsed as JSON when it is JSON, else kept as text. */
    static JsonNode decoded(String text) {
        String t = text.endsWith("\r\n")
                ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") || text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        if (!t.isBlank()) {
            try {
                return STRICT.readTree(t);
            } catch (IOException notJson) {
                // plain text: kept as it is
            }
        }
        return Json.mapper().getNodeFactory().textNode(t);
    }
}
