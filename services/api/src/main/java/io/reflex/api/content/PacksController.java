package io.reflex.api.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.reflex.content.Catalogue;
import io.reflex.content.ContentError;
import io.reflex.content.ContentException;
import io.reflex.content.RegistrationResult;
import io.reflex.core.json.Json;
import io.reflex.core.model.Names;
import io.reflex.core.model.Pack;
import io.reflex.core.store.ContentQueries;
import io.reflex.core.store.EntityKind;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Store;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Endpoints;
import io.reflex.web.Fields;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code /packs}: list, get, register, and the pack index endpoints. Reflex uses no pack index (packs are
 * installed from directories and git URLs), so the index answers StackStorm's shapes with nothing in them.
 */
final class PacksController implements Controller {
    static final Map<String, String> FILTERS = Map.of("id", "id", "name", "name", "ref", "ref");
    /** StackStorm's content type names, singular and plural, as {@code types} accepts them. */
    private static final Map<String, String> TYPES = types();
    /** The fields of StackStorm's register request; anything else is a mistake worth saying. */
    private static final List<String> REGISTER_FIELDS = List.of("packs", "types", "fail_on_failure");

    private final ApiContext api;
    private final PacksLocal packs;
    private final Store<Pack> store;

    PacksController(ApiContext api, PacksLocal packs) {
        this.api = api;
        this.packs = packs;
        this.store = api.store().store(Kinds.PACK);
    }

    @Override
    public void mount(Router v1) {
        v1.get("/packs").handler(Endpoints.of(this::list));
        v1.post("/packs/register").handler(Endpoints.of(this::register));
        v1.get("/packs/index").handler(Endpoints.of(this::index));
        v1.post("/packs/index/search").handler(Endpoints.of(this::search));
        v1.get("/packs/index/health").handler(Endpoints.of(this::health));
        v1.get("/packs/:ref_or_id").handler(Endpoints.of(this::get));
    }

    private Object list(Call call) {
        api.authorizer().require(call.principal(), "pack_list");
        return ContentResources.page(
                api,
                call,
                store,
                ContentResources.filters(call, FILTERS),
                ContentResources.sort(call, FILTERS, "ref"),
                100,
                PacksController::view);
    }

    private Object get(Call call) {
        Pack p = find(call.path("ref_or_id"));
        api.authorizer().require(call.principal(), "pack_view", p.uid());
        return Fields.parse(call).apply(view(p));
    }

    Pack find(String refOrId) {
        return store.get(refOrId)
                .or(() -> store.findOne(ContentQueries.byRef(refOrId)))
                .orElseThrow(() -> ContentResources.notFound(refOrId));
    }

    /**
     * Registers the named packs (or every pack) of this node's packs directory and answers counts per
     * content type. Every pack is registered whole whatever {@code types} says; {@code types} selects the
     * counts reported. Located warnings ({@code file:line:column: message}) of the packs whose content was
     * read are listed under {@code warnings}, a key present only when there are some; they never fail the call.
     */
    private Object register(Call call) {
        api.authorizer().require(call.principal(), "pack_register");
        ObjectNode body = call.bodyObject();
        body.fieldNames().forEachRemaining(f -> {
            if (!REGISTER_FIELDS.contains(f)) {
                throw ApiException.badRequest(
                        "unknown field '" + f + "' (known: " + String.join(", ", REGISTER_FIELDS) + ")");
            }
        });
        Set<String> types = requestedTypes(body.get("types"));
        List<String> names = stringList(body.get("packs"), "packs");
        JsonNode fail = body.path("fail_on_failure");
        if (!fail.isMissingNode() && !fail.isBoolean()) {
            throw ApiException.badRequest("field 'fail_on_failure': expected boolean");
        }
        names.forEach(n -> Names.check("packs", n));
        names.forEach(this::requireOnDisk);
        List<RegistrationResult> results;
        try {
            results = names.isEmpty()
                    ? packs.registration().registerAll()
                    : packs.registration().register(names);
        } catch (ContentException e) {
            String missing = e.errors().stream().map(ContentError::message).collect(Collectors.joining("; "));
            throw ApiException.badRequest("Failed to register packs: " + missing);
        }
        List<ContentError> errors =
                results.stream().flatMap(r -> r.errors().stream()).toList();
        if (fail.asBoolean(true) && !errors.isEmpty()) {
            throw ApiException.badRequest("Failed to register packs: "
                    + errors.stream().map(ContentError::toString).collect(Collectors.joining("; ")));
        }
        List<String> refs = results.stream().map(RegistrationResult::pack).toList();
        Map<String, Object> out = new LinkedHashMap<>(counts(refs, types));
        List<String> warnings = results.stream()
                .flatMap(r -> r.warnings().stream())
                .map(ContentError::toString)
                .toList();
        if (!warnings.isEmpty()) {
            out.put("warnings", warnings);
        }
        if (!errors.isEmpty()) {
            out.put("errors", errors.stream().map(ContentError::toString).toList());
        }
        return out;
    }

    private void requireOnDisk(String name) {
        if (packs.dirs().roots().find(name).isEmpty()) {
            throw ApiException.badRequest("Pack \"" + name + "\" not found on disk");
        }
    }

    /** Counts of what the packs hold now (also for packs that were unchanged and so not rewritten). */
    private Map<String, Integer> counts(List<String> refs, Set<String> types) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Filter ofPacks = Filter.in("pack", refs);
        put(out, types, "runners", Catalogue.runnerTypes().size());
        put(out, types, "rule_types", RuleTypesController.TYPES.size());
        put(out, types, "policy_types", Catalogue.policyTypes().size());
        put(out, types, "triggers", count(Kinds.TRIGGER_TYPE, ofPacks));
        put(out, types, "sensors", count(Kinds.SENSOR_TYPE, ofPacks));
        put(out, types, "actions", count(Kinds.ACTION, ofPacks));
        put(out, types, "rules", count(Kinds.RULE, ofPacks));
        put(out, types, "aliases", count(Kinds.ACTION_ALIAS, ofPacks));
        put(out, types, "policies", count(Kinds.POLICY, ofPacks));
        put(out, types, "configs", count(Kinds.PACK_CONFIG, ofPacks));
        return out;
    }

    private int count(EntityKind<?> kind, Filter filter) {
        return (int) api.store().store(kind).count(filter);
    }

    private static void put(Map<String, Integer> out, Set<String> types, String name, int value) {
        if (types.contains(name)) {
            out.put(name, value);
        }
    }

    private static Set<String> requestedTypes(JsonNode node) {
        List<String> given = stringList(node, "types");
        if (given.isEmpty() || given.contains("all")) {
            return new LinkedHashSet<>(TYPES.values());
        }
        Set<String> out = new LinkedHashSet<>();
        for (String t : given) {
            String plural = TYPES.get(t);
            if (plural == null) {
                throw ApiException.badRequest("field 'types': unknown content type '" + t + "' (valid: all, "
                        + String.join(", ", new LinkedHashSet<>(TYPES.values())) + ")");
            }
            out.add(plural);
            // Registering content also registers what it depends on, and StackStorm reports both.
            switch (plural) {
                case "actions" -> out.add("runners");
                case "rules" -> out.add("rule_types");
                case "policies" -> out.add("policy_types");
                default -> {}
            }
        }
        return out;
    }

    static List<String> stringList(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ApiException.badRequest("field '" + field + "': expected array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                throw ApiException.badRequest("field '" + field + "': expected array of strings");
            }
            out.add(n.asText());
        }
        return out;
    }

    private Object index(Call call) {
        api.authorizer().require(call.principal(), "pack_search");
        ObjectNode out = Json.object();
        out.putArray("status");
        out.putObject("index");
        return out;
    }

    private Object search(Call call) {
        api.authorizer().require(call.principal(), "pack_search");
        ObjectNode body = call.bodyObject();
        if (!body.path("query").isTextual() && !body.path("pack").isTextual()) {
            throw ApiException.badRequest("field 'query' or 'pack': expected string");
        }
        return List.of();
    }

    private Object health(Call call) {
        api.authorizer().require(call.principal(), "pack_views_index_health");
        ObjectNode out = Json.object();
        ObjectNode indexes =
                out.putObject("indexes").put("count", 0).put("valid", 0).put("invalid", 0);
        indexes.putObject("errors");
        indexes.putArray("status");
        out.putObject("packs").put("count", 0);
        return out;
    }

    static ObjectNode view(Pack p) {
        return Json.mapper().valueToTree(p);
    }

    private static Map<String, String> types() {
        Map<String, String> m = new LinkedHashMap<>();
        String[][] pairs = {
            {"runner", "runners"}, {"action", "actions"}, {"trigger", "triggers"}, {"sensor", "sensors"},
            {"rule", "rules"}, {"rule_type", "rule_types"}, {"alias", "aliases"}, {"policy_type", "policy_types"},
            {"policy", "policies"}, {"config", "configs"}
        };
        for (String[] p : pairs) {
            m.put(p[0], p[1]);
            m.put(p[1], p[1]);
        }
        return m;
    }
}
