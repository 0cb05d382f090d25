package io.reflex.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Query;
import io.reflex.core.store.Sort;
import io.reflex.core.store.StateStore;
import io.reflex.executions.ExecutionViews;
import io.reflex.web.ApiException;
import io.reflex.web.auth.Principal;
import io.reflex.web.rbac.Authorizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the execution an output stream is about and decides whether the caller may watch it, as the API
 * does: StackStorm's messages, {@code last} for the most recently started execution, and
 * {@code execution_view} granted on the execution or inherited from {@code action_view} on its action or
 * pack. Blocks on the store.
 */
final class ExecutionLookup {
    private final StateStore store;
    private final Authorizer authorizer;

    ExecutionLookup(StateStore store, Authorizer authorizer) {
        this.store = store;
        this.authorizer = authorizer;
    }

    /**
     * @throws ApiException 404 for an unknown id, 400 for {@code last} without any execution
     */
    Execution find(String id) {
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

    /** @throws ApiException 403 without {@code execution_view} on {@code e} */
    void requireView(Principal p, Execution e) {
        String pack = e.action().pack();
        String actionUid = e.action().uid();
        String packUid = pack.isEmpty() ? null : "pack:" + pack;
        if (actionUid != null && authorizer.allowed(p, "action_view", actionUid, packUid)) {
            return;
        }
        authorizer.require(p, "execution_view", "execution:" + e.id(), actionUid, packUid);
    }

    /** The values of the execution's secret parameters, to mask wherever they appear in output text. */
    static List<String> secretValues(Execution e) {
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
