package io.reflex.workflowengine.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.core.workflow.TaskRun.ItemRun;
import io.reflex.workflowengine.conductor.Board.Run;
import java.util.HashSet;
import java.util.List;
import java.util.function.Predicate;

/** {@link Scope.Runs} over a board: a task not run on the route is looked for on the routes it split from. */
final class BoardRuns implements Scope.Runs {
    private final Board board;
    private final Predicate<String> itemized;

    /** {@code itemized} tells the tasks that run {@code with} items. */
    BoardRuns(Board board, Predicate<String> itemized) {
        this.board = board;
        this.itemized = itemized;
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
        v.put("task_execution_id", run.taskExecutionId);
        v.put("workflow_execution_id", board.stored.id());
        v.put("task_name", run.task);
        v.put("task_id", run.task);
        v.put("route", run.route);
        v.set("result", itemized.test(run.task) ? items(run) : run.result.deepCopy());
        v.put("status", run.status == null ? null : run.status.wire());
        return v;
    }

    /** A task with items answers {@code {"items": [{"status": ..., "result": ...}, ...]}}, one entry an item. */
    private static ObjectNode items(Run run) {
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("items");
        for (ItemRun item : run.items) {
            if (item.status() == null) {
                list.addNull();
            } else {
                ObjectNode entry = list.addObject();
                entry.put("status", item.status().wire());
                entry.set("result", item.result() == null ? null : item.result().deepCopy());
            }
        }
        return out;
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
