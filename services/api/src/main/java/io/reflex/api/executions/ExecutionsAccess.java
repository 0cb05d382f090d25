package io.reflex.api.executions;

import io.reflex.api.ApiContext;
import io.reflex.core.execution.Execution;
import io.reflex.core.store.StoreException;
import io.reflex.executions.ExecutionResults;
import io.reflex.executions.ExecutionViews;
import io.reflex.rbac.ExecutionAccess;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.auth.Principal;

/**
 * Finding executions and deciding what a caller may see of them: the execution-access rule shared with the
 * stream ({@link ExecutionAccess}: lookup, RBAC inherited from the action, secret values), results stored out
 * of line read back whole, and whether secrets are masked for this caller ({@code ?show_secrets=true} unmasks for administrators only; for anyone else it is ignored, as in
 * StackStorm).
 */
public final class ExecutionsAccess {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ExecutionsAccess.class);

    private final ApiContext api;
    private final ExecutionResults results;
    private final ExecutionAccess rule;

    public ExecutionsAccess(ApiContext api) {
        this.api = api;
        // Only reads here: the inline limit matters to writers (the runner), not to readers.
        this.results = new ExecutionResults(api.store(), Integer.MAX_VALUE);
        this.rule = new ExecutionAccess(api.store(), api.authorizer());
    }

    /**
     * {@code e} with a result stored out of line read back whole, for single-execution views. A result whose
     * chunks are gone or do not match is logged and the stub is shown instead: the rest of the record is still
     * worth serving.
     */
    public Execution whole(Execution e) {
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
    public Execution find(String id) {
        return rule.find(id);
    }

    /** Requires {@code permission} on the execution, given or inherited from its action ({@link ExecutionAccess}). */
    public void require(Principal p, String permission, Execution e) {
        rule.require(p, permission, e);
    }

    public boolean mask(Call call) {
        return api.settings().maskSecrets()
                && !(call.queryBool("show_secrets", false) && api.isAdmin(call.principal()));
    }

    public ExecutionViews.Options options(Call call) {
        return new ExecutionViews.Options(mask(call), api.settings().webUiBaseUrl());
    }
}
