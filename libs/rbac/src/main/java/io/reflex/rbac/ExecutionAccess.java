package io.reflex.rbac;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Query;
import io.reflex.core.store.Sort;
import io.reflex.core.store.StateStore;
import io.reflex.executions.ExecutionViews;
import io.reflex.web.ApiException;
import io.reflex.web.auth.Principal;
import java.util.ArrayList;
import java.util.List;

/**
 * The execution-access rule, one home for the api and the stream: how an execution is found by id (with
 * {@code last} for the most recently started one, and StackStorm's messages), which permission a caller needs
 * on it, and which of its values are secret. An execution inherits permissions from its action:
 * {@code action_view} gives {@code execution_view}, {@code action_execute} gives {@code execution_stop} and
 * {@code execution_rerun}; otherwise the permission is checked on the execution's uid, then its action's,
 * then its pack's. Blocks on the store.
 */
public final class ExecutionAccess {
    private final StateStore store;
    private final Authorizer authorizer;

    public ExecutionAccess(StateStore store, Authorizer authorizer) {
        this.store = store;
        this.authorizer = authorizer;
    }

    /**
     * The execution with {@code id}; {@code last} is the most recently started one.
     *
     * @throws ApiException 404 {@code Unable to identify resource with id "x".}, 400 for {@code last} without
     *     any execution
     */
    public Execution find(String id) {
        if (id.equals("last")) {
            return store
                    .executions()
                    .find(Query.of(Filter.all())
                            .sorted(Sort.by("-start_timestamp"))
                            .page(0, 1))
                    .stream()
                    .findFirst()
                    .orElseThrow(() -> ApiException.badRequest("No executions found in the database"));
        }
        return store.executions()
                .get(id)
                .orElseThrow(() -> ApiException.notFound("Unable to identify resource with id \"" + id + "\"."));
    }

    /** The resource uids an execution permission is checked on, most specific first (absent ones null). */
    public static String[] uids(Execution e) {
        String pack = e.action().pack();
        return new String[] {"execution:" + e.id(), e.action().uid(), pack.isEmpty() ? null : "pack:" + pack};
    }

    /** The action permission that gives {@code permission} on its executions, or null when none does. */
    static String inheritedFromAction(String permission) {
        return switch (permission) {
            case "execution_view" -> "action_view";
            case "execution_stop", "execution_rerun" -> "action_execute";
            default -> null;
        };
    }

    /** @throws ApiException 403 without {@code permission} on {@code e}, given or inherited from its action */
    public void require(Principal p, String permission, Execution e) {
        String[] uids = uids(e);
        String viaAction = inheritedFromAction(permission);
        if (viaAction != null && uids[1] != null && authorizer.allowed(p, viaAction, uids[1], uids[2])) {
            return;
        }
        authorizer.require(p, permission, uids);
    }

    /** The values of the execution's secret parameters, to mask wherever they appear in output text. */
    public static List<String> secretValues(Execution e) {
        List<String> values = new ArrayList<>();
        ObjectNode secrets = ExecutionViews.secretSchemas(e.action(), e.runner());
        e.parameters().properties().forEach(p -> {
            if (secrets.has(p.getKey())
                    && p.getValue().isValueNode()
                    && !p.getValue().isNull()) {
                values.add(p.getValue().asText());
            }
        });
        return values;
    }
}
