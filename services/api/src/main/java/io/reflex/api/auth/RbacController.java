package io.reflex.api.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.core.json.Json;
import io.reflex.rbac.PermissionTypes;
import io.reflex.rbac.Role;
import io.reflex.rbac.RoleAssignment;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Fields;
import io.reflex.web.Paging;
import io.reflex.web.auth.Principal;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * StackStorm's read-only RBAC API: {@code /rbac/permission_types[/{resource_type}]} and
 * {@code /rbac/roles[/{name_or_id}]} for administrators, {@code /rbac/role_assignments[/{id}]} for
 * administrators or for a user's own assignments. Roles come from the definition files (ids are derived from
 * names, so they are stable across restarts and nodes); disabled roles are not listed, as StackStorm never
 * loads them.
 */
final class RbacController implements Controller {
    private final ApiContext api;

    RbacController(ApiContext api) {
        this.api = api;
    }

    @Override
    public void mount(Router v1) {
        v1.get("/rbac/permission_types").handler(Endpoints.of(this::permissionTypes));
        v1.get("/rbac/permission_types/:resource_type").handler(Endpoints.of(this::permissionTypesOf));
        v1.get("/rbac/roles").handler(Endpoints.of(this::roles));
        v1.get("/rbac/roles/:name_or_id").handler(Endpoints.of(this::role));
        v1.get("/rbac/role_assignments").handler(Endpoints.of(this::assignments));
        v1.get("/rbac/role_assignments/:id").handler(Endpoints.of(this::assignment));
    }

    private Object permissionTypes(Call call) {
        api.authorizer().requireAdmin(call.principal());
        return PermissionTypes.byResourceType();
    }

    private Object permissionTypesOf(Call call) {
        api.authorizer().requireAdmin(call.principal());
        String type = call.path("resource_type");
        return PermissionTypes.forResourceType(type)
                .orElseThrow(() -> ApiException.notFound("Invalid resource type: " + type));
    }

    private Object roles(Call call) {
        Principal p = call.principal();
        api.authorizer().requireAdmin(p);
        Optional<String> name = call.query("name");
        Optional<Boolean> system = call.query("system").map(v -> call.queryBool("system", false));
        Predicate<Role> keep = r -> r.enabled()
                && name.map(r.name()::equals).orElse(true)
                && system.map(s -> r.system() == s).orElse(true);
        List<Role> found = enabledRoles().stream()
                .filter(keep)
                .sorted(Comparator.comparing(Role::name))
                .toList();
        return page(call, p, found.stream().map(RbacController::view).toList());
    }

    private Object role(Call call) {
        api.authorizer().requireAdmin(call.principal());
        String nameOrId = call.path("name_or_id");
        Role r = enabledRoles().stream()
                .filter(x -> x.id().equals(nameOrId))
                .findFirst()
                .or(() -> enabledRoles().stream()
                        .filter(x -> x.name().equals(nameOrId))
                        .findFirst())
                .orElseThrow(() -> ApiException.notFound("Resource with a name or id \"" + nameOrId + "\" not found"));
        return Fields.parse(call).apply(view(r));
    }

    private Object assignments(Call call) {
        Principal p = call.principal();
        Optional<String> user = call.query("user");
        api.authorizer().requireAdminOrSelf(p, user.orElse(null));
        Optional<String> role = call.query("role");
        Optional<String> source = call.query("source");
        Optional<Boolean> remote = call.query("remote").map(v -> call.queryBool("remote", false));
        Predicate<RoleAssignment> keep = a -> user.map(a.user()::equals).orElse(true)
                && role.map(a.role()::equals).orElse(true)
                && source.map(a.source()::equals).orElse(true)
                && remote.map(b -> a.remote() == b).orElse(true);
        List<ObjectNode> found = api.authorizer().assignments().stream()
                .filter(keep)
                .map(RbacController::view)
                .toList();
        return page(call, p, found);
    }

    private Object assignment(Call call) {
        String id = call.path("id");
        RoleAssignment a = api.authorizer().assignments().stream()
                .filter(x -> x.id().equals(id))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("Unable to identify resource with id \"" + id + "\"."));
        api.authorizer().requireAdminOrSelf(call.principal(), a.user());
        return Fields.parse(call).apply(view(a));
    }

    private List<Role> enabledRoles() {
        return api.authorizer().definitions().roles().values().stream()
                .filter(Role::enabled)
                .toList();
    }

    private Object page(Call call, Principal p, List<ObjectNode> all) {
        Paging page = Paging.parse(call, 0, api.settings().maxPageSize(), api.isAdmin(p));
        Fields fields = Fields.parse(call);
        int from = Math.min(page.offset(), all.size());
        int to = page.limit() == 0 ? all.size() : Math.min(all.size(), from + page.limit());
        List<Object> out = new ArrayList<>();
        all.subList(from, to).forEach(n -> out.add(fields.apply(n)));
        return page.reply(out, all.size());
    }

    /** StackStorm's {@code RoleAPI}: grant ids plus the grant objects themselves. */
    static ObjectNode view(Role r) {
        ObjectNode o = Json.object()
                .put("id", r.id())
                .put("name", r.name())
                .put("description", r.description())
                .put("system", r.system());
        ArrayNode ids = o.putArray("permission_grants");
        ArrayNode objects = Json.mapper().createArrayNode();
        for (int i = 0; i < r.grants().size(); i++) {
            Role.Grant g = r.grants().get(i);
            ids.add(r.grantId(i));
            ObjectNode go = objects.addObject().put("id", r.grantId(i));
            go.put("resource_uid", g.resourceUid());
            go.put("resource_type", g.resourceType());
            ArrayNode types = go.putArray("permission_types");
            g.permissionTypes().stream().sorted().forEach(types::add);
        }
        o.set("permission_grant_ids", ids.deepCopy());
        o.set("permission_grant_objects", objects);
        return o;
    }

    /** StackStorm's {@code UserRoleAssignmentAPI}. */
    static ObjectNode view(RoleAssignment a) {
        return Json.object()
                .put("id", a.id())
                .put("user", a.user())
                .put("role", a.role())
                .put("source", a.source())
                .put("description", a.description())
                .put("is_remote", a.remote());
    }
}
