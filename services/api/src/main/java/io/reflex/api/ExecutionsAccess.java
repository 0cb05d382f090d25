package io.reflex.api;

import io.reflex.core.execution.Execution;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Query;
import io.reflex.core.store.Sort;
import io.reflex.core.store.StoreException;
import io.reflex.executions.ExecutionResults;
import io.reflex.executions.ExecutionViews;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.auth.Principal;

/**
 * Finding executions and deciding what a caller may see of them: StackStorm's not-found message, RBAC on an
 * execution (its own uid, then its action's, then its pack's), and whether secrets are masked for this
 * caller ({@code ?show_secrets=true} unmasks for administrators only; for anyone else it is ignored, as in
 * StackStorm).
 */
final class ExecutionsAccess {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ExecutionsAccess.class);

    private final ApiContext api;
    private final ExecutionResults results;

    ExecutionsAccess(ApiContext api) {
        this.api = api;
        // Only reads here: the inline limit matters to writers (the runner), not to readers.
        this.results = new ExecutionResults(api.store(), Integer.MAX_VALUE);
    }

    /**
     * {@code e} with a result stored out of line read back whole, for single-execution views. A result whose
     * chunks are gone or do not match is logged and the stub is shown instead: the rest of the record is still
     * worth serving.
     */
    Execution whole(Execution e) {
        try {
            return results.withWholeResult(e);
        } catch (StoreException ex) {
            LOG.warn("execution {}: {}", e.id(), ex.getMessage());
            return e;
        }
    }

    /** {@link #find} with the whole result. */
    Execution findWhole(String id) {
        return whole(find(id));
    }

    /**
     * The execution with {@code id}; {@code last} is the most recently started one.
     *
     * @throws ApiException 404 {@code Unable to identify resource with id "x".}
     */
    Execution find(String id) {
        if (id.equals("last")) {
            return api
                    .store()
                    .executions()
                    .find(Query.of(Filter.all())
                            .sorted(Sort.by("-start_timestamp"))
                            .page(0, 1))
                    .stream()
                    .findFirst()
                    .orElseThrow(() -> ApiException.badRequest("No executions found in the database"));
        }
        return api.store()
                .executions()
                .get(id)
                .orElseThrow(() -> ApiException.notFound("Unable to identify resource with id \"" + id + "\"."));
    }

    /** The resource uids an execution permission is checked on, most specific first. */
    static String[] uids(Execution e) {
        String pack = e.action().pack();
        return new String[] {"execution:" + e.id(), e.action().uid(), pack.isEmpty() ? null : "pack:" + pack};
    }

    /**
     * Requires {@code permission} on the execution. As in StackStorm's RBAC backend, an execution inherits from
     * its action: {@code action_view} gives {@code execution_view}, {@code action_execute} gives
     * {@code execution_stop} and {@code execution_rerun}.
     */
    void require(Principal p, String permission, Execution e) {
        String[] uids = uids(e);
        String viaAction = switch (permission) {
            case "execution_view" -> "action_view";
            case "execution_stop", "execution_rerun" -> "action_execute";
            default -> null;
        };
        if (viaAction != null && uids[1] != null && api.authorizer().allowed(p, viaAction, uids[1], uids[2])) {
            return;
        }
        api.authorizer().require(p, permission, uids);
    }

    boolean mask(Call call) {
        return api.settings().maskSecrets()
                && !(call.queryBool("show_secrets", false) && api.isAdmin(call.principal()));
    }

    ExecutionViews.Options options(Call call) {
        return new ExecutionViews.Options(mask(call), api.settings().webUiBaseUrl());
    }
}
