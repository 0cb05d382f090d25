package io.reflex.api.executions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionContext;
import io.reflex.core.execution.ResolvedAction;
import io.reflex.core.json.Json;
import io.reflex.core.model.Action;
import io.reflex.executions.ExecutionLauncher;
import io.reflex.executions.StoreDatastore;
import io.reflex.templates.Datastore;
import io.reflex.templates.ParameterRenderer;
import io.reflex.templates.TemplateException;
import io.reflex.templates.Templates;
import io.reflex.web.ApiException;
import io.reflex.web.auth.Principal;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API side of requesting executions: StackStorm's checks on the caller (the action exists, the caller
 * holds {@code action_execute}, only administrators run as someone else), then the shared
 * {@link ExecutionLauncher} validates, stores, publishes and announces the execution. A refused request
 * leaves the store unchanged and answers 400 with StackStorm's message.
 */
public final class ExecutionsRequests {
    private static final Logger log = LoggerFactory.getLogger(ExecutionsRequests.class);

    /**
     * What to run and how.
     *
     * @param context the caller's context (body context with the {@code st2-context} header merged in);
     *     {@code user} and {@code pack} are set here and cannot be overridden by it
     * @param delay milliseconds before scheduling, or null
     */
    record Request(
            ResolvedAction action,
            ObjectNode parameters,
            String user,
            ObjectNode context,
            ObjectNode notifySpec,
            Integer delay) {
        Request {
            Objects.requireNonNull(action, "action");
            parameters = Json.objectOrEmpty(parameters);
            Objects.requireNonNull(user, "user");
            context = Json.objectOrEmpty(context);
            notifySpec = Json.objectOrEmpty(notifySpec);
        }
    }

    private final ApiContext api;
    private final ExecutionLauncher launcher;
    private final CallerParameters callerParameters;

    /** Caller templates can then read plain keys but not decrypt secrets (no datastore key). */
    public ExecutionsRequests(ApiContext api, ExecutionLauncher launcher) {
        this(
                api,
                launcher,
                new CallerParameters(
                        api,
                        new ParameterRenderer(
                                new Templates(Datastore.EMPTY, api.settings().templateLimits())),
                        new StoreDatastore(api.store(), null, api.clock())));
    }

    public ExecutionsRequests(ApiContext api, ExecutionLauncher launcher, CallerParameters callerParameters) {
        this.api = api;
        this.launcher = launcher;
        this.callerParameters = callerParameters;
    }

    /** @throws ApiException 400 {@code Action "x" cannot be found.} */
    public ResolvedAction action(String ref) {
        try {
            return launcher.resolver().resolve(ref);
        } catch (ExecutionLauncher.Refused e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /**
     * {@link #request} on behalf of {@code caller}, with StackStorm's checks first: the action exists (400),
     * the caller holds {@code action_execute} on it (403), and only an administrator may run as another
     * {@code user} (403).
     *
     * @param user who the execution runs as; null or blank: the caller
     */
    public Execution requestFor(
            Principal caller,
            ResolvedAction action,
            ObjectNode parameters,
            String user,
            ObjectNode context,
            ObjectNode notify,
            Integer delay) {
        String runAs = checkCaller(caller, action, user);
        return request(new Request(action, parameters, runAs, context, notify, delay));
    }

    /**
     * {@link #requestFor} where the caller's {@code templates} are rendered first, once, with the caller's
     * datastore rights ({@link CallerParameters}); {@code data} (the parameters of an execution run again)
     * is kept as it is. A template that fails stores a failed execution whose result says why, and answers
     * 400 with the same message, as StackStorm does.
     */
    Execution requestRendered(
            Principal caller,
            String actionRef,
            ObjectNode templates,
            ObjectNode data,
            String user,
            ObjectNode context,
            ObjectNode notify,
            Integer delay) {
        ResolvedAction action = action(actionRef);
        String runAs = checkCaller(caller, action, user);
        ObjectNode rendered;
        try {
            rendered = callerParameters.render(caller, action, templates, data, runAs, Json.objectOrEmpty(context));
        } catch (TemplateException e) {
            ObjectNode given = data.deepCopy();
            given.setAll(templates);
            ObjectNode result = Json.object().put("error", e.getMessage());
            Execution failed = launcher.launchFailed(
                    new ExecutionLauncher.Launch(
                            null, action, given, runAs, ExecutionContext.of(context), notify, null, null),
                    result);
            log.warn(
                    "execution parameters not rendered execution={} action={} user={} error={}",
                    failed.id(),
                    action.ref(),
                    caller.user(),
                    e.getMessage());
            throw ApiException.badRequest(e.getMessage());
        }
        return request(new Request(action, rendered, runAs, context, notify, delay));
    }

    /** The caller holds {@code action_execute} (403) and only an administrator runs as someone else (403). */
    private String checkCaller(Principal caller, ResolvedAction resolved, String user) {
        Action action = resolved.action();
        api.authorizer().require(caller, "action_execute", action.uid(), "pack:" + action.pack());
        String runAs = user == null || user.isBlank() ? caller.user() : user;
        if (!runAs.equals(caller.user()) && !api.isAdmin(caller)) {
            throw ApiException.forbidden("\"user\" attribute can only be provided by admins when RBAC is enabled");
        }
        return runAs;
    }

    /**
     * Checks the request, then creates, publishes and announces the execution.
     *
     * @throws ApiException 400 naming the problem; nothing is written then
     */
    public Execution request(Request r) {
        try {
            return launcher.launch(new ExecutionLauncher.Launch(
                    null,
                    r.action(),
                    r.parameters(),
                    r.user(),
                    ExecutionContext.of(r.context()),
                    r.notifySpec(),
                    r.delay(),
                    null));
        } catch (ExecutionLauncher.Refused e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** Schema check, then StackStorm's immutable-parameter check. */
    public static void checkParameters(ResolvedAction action, ObjectNode parameters) {
        try {
            ExecutionLauncher.checkParameters(action, parameters);
        } catch (ExecutionLauncher.Refused e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}
