package io.reflex.workflowengine.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.orquesta.Assignment;
import io.reflex.workflowengine.conductor.Board.Run;
import java.util.ArrayList;
import java.util.List;

/** A completed workflow's output, rendered as orquesta renders it. */
final class WorkflowOutput {
    private WorkflowOutput() {}

    /**
     * Renders the output over the contexts of the runs that ended a branch (completed and took no
     * transition; on failure that is the failed task), in the order they ran; over an empty context when
     * none did (the first task could not even start). An error fails a workflow that had succeeded.
     */
    static void render(Step step) {
        Board board = step.board;
        board.runs.stream()
                .filter(r -> !r.command && r.status != null && r.status.completed() && !hasTakenNext(r))
                .forEach(r -> r.term = true);
        List<Assignment> outputs = step.workflow.spec().output();
        if (outputs.isEmpty()) {
            return;
        }
        ObjectNode ctx = Json.object();
        boolean first = true;
        for (Run r : board.runs) {
            if (!r.term) {
                continue;
            }
            List<Integer> in = new ArrayList<>(r.ctxIn);
            if (!first) {
                in.remove(Integer.valueOf(0));
            }
            ctx.setAll(board.context(in));
            first = false;
        }
        ObjectNode rendered = Json.object();
        ObjectNode rolling = ctx.deepCopy();
        try {
            for (Assignment a : outputs) {
                JsonNode v = step.evaluator.render(a.value(), step.scope(rolling, null, 0, null));
                rolling.set(a.name(), v);
                rendered.set(a.name(), v);
            }
            board.output = rendered;
        } catch (EvaluationException e) {
            board.output = rendered.isEmpty() ? board.output : rendered;
            board.error(e.getMessage(), null, null, null, null);
            if (board.status == ExecutionStatus.SUCCEEDED) {
                board.fail();
            }
        }
    }

    private static boolean hasTakenNext(Run r) {
        return r.next.values().stream().anyMatch(b -> b);
    }
}
