package io.reflex.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.web.Controller;
import io.reflex.core.coordination.Member;
import io.reflex.core.json.Json;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.vertx.ext.web.Router;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;

/**
 * {@code /service_registry}: the coordinator's groups (one per service, see ServiceRegistration) and their
 * live members, in StackStorm's shapes. Administrators only, as in st2.
 */
final class ServiceRegistryController implements Controller {
    private final ApiContext api;

    ServiceRegistryController(ApiContext api) {
        this.api = api;
    }

    @Override
    public void mount(Router v1) {
        v1.get("/service_registry/groups").handler(Endpoints.of(this::groups));
        v1.get("/service_registry/groups/:group_id/members").handler(Endpoints.of(this::members));
    }

    private Object groups(Call call) {
        requireAdmin(call);
        ObjectNode out = Json.object();
        ArrayNode groups = out.putArray("groups");
        api.coordinator().groups().stream().sorted().forEach(groups::add);
        return out;
    }

    private Object members(Call call) {
        requireAdmin(call);
        String group = call.path("group_id");
        Set<Member> members = api.coordinator().members(group);
        // A group exists while it has members; an empty one is as unknown as a misspelt one.
        if (members.isEmpty()) {
            throw ApiException.notFound("Group with ID \"" + group + "\" not found.");
        }
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("members");
        members.stream().sorted(Comparator.comparing(Member::id)).forEach(m -> list.add(view(group, m)));
        return out;
    }

    private void requireAdmin(Call call) {
        if (!api.authorizer().isAdmin(call.principal().user())) {
            throw ApiException.forbidden("Administrator access required");
        }
    }

    public static ObjectNode view(String group, Member m) {
        ObjectNode o = Json.object().put("group_id", group).put("member_id", m.id());
        ObjectNode capabilities = o.putObject("capabilities");
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(m.capabilities()).entrySet()) {
            // Capabilities travel as strings; st2 reports the pid as a number.
            if (e.getKey().equals("pid") && e.getValue().matches("\\d{1,18}")) {
                capabilities.put("pid", Long.parseLong(e.getValue()));
            } else {
                capabilities.put(e.getKey(), e.getValue());
            }
        }
        return o;
    }
}
