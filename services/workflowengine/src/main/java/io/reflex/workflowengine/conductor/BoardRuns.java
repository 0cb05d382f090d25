package io.reflex.workflowengine.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.workflowengine.conductor.Board.Run;
import java.util.HashSet;
import java.util.List;

/** {@link Scope.Runs} over a board: a task not run on the route is looked for on the routes it split from. */
final class BoardRuns implements Scope.Runs {
    private final Board board;

    BoardRuns(Board board) {
        this.board = board;
    }

    @Override
    public String status(String task, int route) {
        Run run = find(task, route);
        return run == null || run.status == null ? null : run.status.wire();
    }

    @Override
    public JsonNode view(String task, int route) {
        Run run = find(task, route);
        if (run == null) {
            return null;
        }
        ObjectNode v = Json.object();
        v.put("id", run.taskExecutionId);
        v.put("task_id", run.task);
        v.put("task_name", run.task);
        v.put("task_route", run.route);
        v.put("status", run.status == null ? null : run.status.wire());
        v.set("result", run.result.deepCopy());
        return v;
    }

    private Run find(String task, int route) {
        Run run = board.latest(task, route);
        if (run != null || route <= 0 || route >= board.routes.size()) {
            return run;
        }
        List<String> current = board.routes.get(route);
        for (int r = route - 1; r >= 0; r--) {
            if (new HashSet<>(current).containsAll(board.routes.get(r))) {
                return find(task, r);
            }
        }
        return null;
    }
}
