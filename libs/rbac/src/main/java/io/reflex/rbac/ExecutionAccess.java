package io.reflex.rbac;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Query;
import io.reflex.core.store.Sort;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.StoreException;
import io.reflex.executions.ExecutionResults;
import io.reflex.executions.ExecutionViews;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.auth.Principal;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The execution-access rule, one home for the api and the stream: how an execution is found by id (with
 * {@code last} for the most recently started one, and StackStorm's messages) and read with its whole result,
 * which permission a caller needs on it, which of its values are secret and who sees them unmasked.
 *
 * <p>An execution inherits permissions from its action: {@code action_view} gives {@code execution_view},
 * {@code action_execute} gives {@code execution_stop} and {@code execution_rerun}; otherwise the permission is
 * checked on the execution's uid, then its action's, then its pack's. Secret values are masked when the
 * settings say so, unless an administrator asks {@code ?show_secrets=true} (for anyone else it is ignored, as
 * in StackStorm). Blocks on the store.
 */
public final class ExecutionAccess {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionAccess.class);

    private final StateStore store;
    private final Authorizer authorizer;
    private final ExecutionViews.Options views;
    private final ExecutionResults results;

    /** @param views the views the settings ask for: whether secrets are masked, the web UI base */
    public ExecutionAccess(StateStore store, Authorizer authorizer, ExecutionViews.Options views) {
        this.store = store;
        this.authorizer = authorizer;
        this.views = views;
        // Only reads here: the inline limit matters to writers (the runner), not to readers.
        this.results = new ExecutionResults(store, Integer.MAX_VALUE);
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

    /** {@link #find} with the whole result. */
    public Execution findWhole(String id) {
        return whole(find(id));
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
            LOG.warn("execution result unreadable execution={} error={}", e.id(), ex.getMessage());
            return e;
        }
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

    /** Whether secret values are masked for this call ({@link #masked} with its {@code ?show_secrets=}). */
    public boolean mask(Call call) {
        // with masking off ?show_secrets= is not read at all, so a bad value is no error then
        return views.maskSecrets() && masked(call.principal(), call.queryBool("show_secrets", false));
    }

    /**
     * Whether {@code p} sees secret values masked when the settings mask them: asking to be shown them
     * ({@code showSecrets}) unmasks for administrators only; anyone else's asking is ignored.
     */
    public boolean masked(Principal p, boolean showSecrets) {
        return views.maskSecrets() && !(showSecrets && authorizer.isAdmin(p.user()));
    }

    /** The views this call sees: the settings' views with secrets masked as {@link #mask} decides. */
    public ExecutionViews.Options options(Call call) {
        return new ExecutionViews.Options(mask(call), views.webUiBaseUrl());
    }
}
