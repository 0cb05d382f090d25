package io.reflex.api.inquiries;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.executions.ExecutionsUpdates;
import io.reflex.api.web.Controller;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Inquiry;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.Sort;
import io.reflex.core.store.Store;
import io.reflex.executions.ParameterValidation;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Paging;
import io.reflex.web.auth.Principal;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /inquiries}: questions asked by {@code inquirer} executions, which wait in status {@code pending}.
 * An inquiry's id is its execution's id. Listing shows pending ones (default page 20); answering one
 * ({@code PUT}) checks it is still pending, that the caller is among its users and holds one of its roles
 * (when it names any), and that the response fits its schema; then the execution becomes
 * {@code succeeded} with {@code result.response} (compare-and-set, so two answers cannot both win), the
 * {@link Inquiry} record keeps the response, and a paused parent workflow is asked to resume.
 * The body is StackStorm's {@code InquiryResponseResult}: {@code response} (and {@code id}, which clients
 * that omit it are not refused for); other fields are ignored, as StackStorm ignores them, because st2web
 * sends the whole inquiry back ({@code schema}, {@code ttl}, {@code roles}, {@code users}, {@code route}...).
 * Permissions: {@code inquiry_list}, {@code inquiry_view}, {@code inquiry_respond} (global permission types).
 */
public final class InquiriesController implements Controller {
    private static final Logger log = LoggerFactory.getLogger(InquiriesController.class);
    /** How many executions up an answer looks for what to resume (a bound against a cycle of parents). */
    private static final int MAX_NESTING = 32;

    private static final ObjectNode RESPONSE_SCHEMA = Json.read("""
            {"type": "object", "required": ["response"],
             "properties": {"id": {"type": "string"}, "response": {"type": "object"}}}
            """, ObjectNode.class);

    private final ApiContext api;
    private final Store<Inquiry> inquiries;
    private final ExecutionsUpdates updates;

    public InquiriesController(ApiContext api, ExecutionsUpdates updates) {
        this.api = api;
        this.inquiries = api.store().store(Kinds.INQUIRY);
        this.updates = updates;
    }

    @Override
    public void mount(Router v1) {
        v1.get("/inquiries").handler(Endpoints.of(this::list));
        v1.get("/inquiries/:id").handler(Endpoints.of(this::get));
        v1.put("/inquiries/:id").handler(Endpoints.of(this::respond));
    }

    private Object list(Call call) {
        Principal p = call.principal();
        api.authorizer().require(p, "inquiry_list");
        Paging page = Paging.parse(call, 20, api.settings().maxPageSize(), api.isAdmin(p));
        Filter pending =
                Filter.and(Filter.eq("status", ExecutionStatus.PENDING.wire()), Filter.eq("runner.name", "inquirer"));
        List<Execution> found = api.store()
                .executions()
                .find(Query.of(pending).sorted(Sort.by("-start_timestamp")).page(page.offset(), page.limit()));
        return page.reply(
                found.stream().map(this::view).toList(),
                api.store().executions().count(pending));
    }

    private Object get(Call call) {
        Execution e = find(call.path("id"));
        api.authorizer().require(call.principal(), "inquiry_view");
        checkPending(e);
        return view(e);
    }

    private Object respond(Call call) {
        Principal p = call.principal();
        Execution e = find(call.path("id"));
        api.authorizer().require(p, "inquiry_respond");
        ObjectNode body = call.bodyObject();
        ParameterValidation.problem(RESPONSE_SCHEMA, body, "field").ifPresent(m -> {
            throw ApiException.badRequest(m);
        });
        checkPending(e);
        ObjectNode question = view(e);
        checkResponder(question, p.user(), e.id());
        ObjectNode response = (ObjectNode) body.get("response");
        ParameterValidation.problem(Json.objectOrEmpty(question.get("schema")), response, "response field")
                .ifPresent(m -> {
                    throw ApiException.badRequest(
                            "Response for inquiry \"" + e.id() + "\" did not pass schema validation. " + m);
                });
        Execution answered = updates.apply(e.id(), current -> {
            checkPending(current);
            ObjectNode result = Json.objectOrEmpty(current.result()).deepCopy();
            result.set("response", response);
            return updates.changeTo(current, ExecutionStatus.SUCCEEDED, result, null, null);
        });
        record(e.id(), question, response, p.user());
        log.info("inquiry answered inquiry={} user={}", e.id(), p.user());
        resumeParent(answered, p.user());
        return Json.object().put("id", e.id()).set("response", response);
    }

    private Execution find(String id) {
        return api.store()
                .executions()
                .get(id)
                .orElseThrow(() -> ApiException.notFound("Unable to identify resource with id \"" + id + "\"."));
    }

    /** StackStorm's {@code check_inquiry}. */
    private static void checkPending(Execution e) {
        if (!"inquirer".equals(e.runner().name())) {
            throw ApiException.badRequest("Action execution \"" + e.id() + "\" is not an inquiry.");
        }
        if (e.status() == ExecutionStatus.TIMEOUT) {
            throw ApiException.badRequest("Inquiry \"" + e.id() + "\" timed out and cannot be responded to.");
        }
        if (e.status() != ExecutionStatus.PENDING) {
            throw ApiException.badRequest("Inquiry \"" + e.id() + "\" has already been responded to.");
        }
    }

    /** StackStorm's {@code check_permission}: listed users and roles, each only when the inquiry names any. */
    private void checkResponder(ObjectNode question, String user, String id) {
        Set<String> userRoles = api.authorizer().roles(user);
        boolean rolesPass =
                question.path("roles").isEmpty() || !api.authorizer().enabled();
        for (JsonNode role : question.path("roles")) {
            rolesPass |= userRoles.contains(role.asText());
        }
        boolean usersPass = question.path("users").isEmpty();
        for (JsonNode u : question.path("users")) {
            usersPass |= u.asText().equals(user);
        }
        if (!rolesPass || !usersPass) {
            throw ApiException.forbidden(
                    "User \"" + user + "\" does not have permission to respond to inquiry \"" + id + "\".");
        }
    }

    /** {@code {id, route, ttl, users, roles, schema}} from the Inquiry record, or the execution's result. */
    private ObjectNode view(Execution e) {
        Optional<Inquiry> stored = inquiries.get(e.id());
        JsonNode source = stored.<JsonNode>map(Json::tree).orElse(Json.objectOrEmpty(e.result()));
        ObjectNode o = Json.object();
        o.put("id", e.id());
        o.put("route", source.path("route").asText(""));
        o.put("ttl", source.path("ttl").asInt(1440));
        o.set(
                "users",
                source.get("users") instanceof ArrayNode a ? a : Json.mapper().createArrayNode());
        o.set(
                "roles",
                source.get("roles") instanceof ArrayNode a ? a : Json.mapper().createArrayNode());
        o.set("schema", Json.objectOrEmpty(source.get("schema")));
        return o;
    }

    private void record(String id, ObjectNode question, ObjectNode response, String user) {
        try {
            Inquiry base = inquiries
                    .get(id)
                    .orElseGet(() -> new Inquiry(
                            id,
                            (ObjectNode) question.get("schema"),
                            strings(question.get("roles")),
                            strings(question.get("users")),
                            question.get("route").asText(),
                            question.get("ttl").asInt(),
                            Timestamps.now(api.clock()),
                            null,
                            null));
            inquiries.save(new Inquiry(
                    id,
                    base.schema(),
                    base.roles(),
                    base.users(),
                    base.route(),
                    base.ttl(),
                    base.createdAt(),
                    response,
                    user));
        } catch (RuntimeException ex) {
            log.warn("inquiry record not updated inquiry={} error={}", id, ex.toString());
        }
    }

    /**
     * StackStorm resumes what paused for the answer. For an inquiry in an action chain: the outermost of the
     * chains it is nested in (each chain resumes the paused chain task it finds). Otherwise every paused
     * workflow the inquiry is nested in, its parent up to the root (an outer workflow paused because an inner
     * one did). A failure here does not undo the answer.
     */
    private void resumeParent(Execution answered, String user) {
        String id = answered.parent();
        if (id == null) {
            return;
        }
        Optional<Execution> direct = api.store().executions().get(id);
        if (direct.isPresent() && isChain(direct.get())) {
            resumeIfPaused(answered, resumeTarget(id), user);
            return;
        }
        for (int depth = 0; id != null && depth < MAX_NESTING; depth++) {
            Execution parent = resumeIfPaused(answered, id, user);
            id = parent == null ? null : parent.parent();
        }
    }

    /** Resumes {@code id} when it is paused; the execution as it is afterwards, or null when that failed. */
    private Execution resumeIfPaused(Execution answered, String id, String user) {
        try {
            return updates.apply(
                    id,
                    p -> p.status() == ExecutionStatus.PAUSED
                            ? updates.changeTo(p, ExecutionStatus.RESUMING, null, "resumed_by", user)
                            : p);
        } catch (RuntimeException ex) {
            log.warn("parent not resumed inquiry={} parent={} error={}", answered.id(), id, ex.toString());
            return null;
        }
    }

    /** {@code parentId}, or the outermost action chain above it when it is an action chain's. */
    private String resumeTarget(String parentId) {
        String target = parentId;
        Optional<Execution> at = api.store().executions().get(target);
        for (int depth = 0; depth < MAX_NESTING && at.isPresent() && isChain(at.get()); depth++) {
            String up = at.get().parent();
            Optional<Execution> above =
                    up == null ? Optional.empty() : api.store().executions().get(up);
            if (above.isEmpty() || !isChain(above.get())) {
                break;
            }
            target = up;
            at = above;
        }
        return target;
    }

    private static boolean isChain(Execution e) {
        return "action-chain".equals(e.runner().name());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        if (array != null) {
            array.forEach(v -> out.add(v.asText()));
        }
        return out;
    }
}
