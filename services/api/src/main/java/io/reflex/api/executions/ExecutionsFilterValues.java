package io.reflex.api.executions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.api.ApiContext;
import io.reflex.core.execution.Execution;
import io.reflex.core.json.Json;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Query;
import io.reflex.core.store.Sort;
import io.reflex.web.Call;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code GET /executions/views/filters[?types=action,status]}: the distinct values of each filter the web
 * UI offers in drop-downs (StackStorm's {@code FiltersController}; per-execution filters such as
 * {@code parent} and {@code timestamp} are left out). The store port has no distinct query, so the values
 * come from the most recent {@value #SCAN} executions, read in pages: enough for drop-downs, bounded on a
 * store with millions of executions.
 */
final class ExecutionsFilterValues {
    static final int SCAN = 5000;
    private static final int PAGE = 500;

    private static final List<String> ORDER =
            List.of("action", "status", "rule", "runner", "trigger", "trigger_type", "user");

    private final ApiContext api;

    ExecutionsFilterValues(ApiContext api) {
        this.api = api;
    }

    Object get(Call call) {
        api.authorizer().require(call.principal(), "execution_views_filters_list");
        List<String> types = call.queryList("types");
        Map<String, TreeSet<String>> values = new LinkedHashMap<>();
        for (String name : ORDER) {
            if (types.isEmpty() || types.contains(name)) {
                values.put(name, new TreeSet<>());
            }
        }
        for (int offset = 0; offset < SCAN; offset += PAGE) {
            List<Execution> page = api.store()
                    .executions()
                    .find(Query.of(Filter.all())
                            .sorted(Sort.by("-start_timestamp"))
                            .page(offset, PAGE));
            for (Execution e : page) {
                values.forEach((name, set) -> {
                    JsonNode v = value(e, name);
                    if (v != null && v.isValueNode() && !v.isNull()) {
                        set.add(v.asText());
                    }
                });
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        ObjectNode out = Json.object();
        values.forEach((name, set) -> {
            ArrayNode a = out.putArray(name);
            set.forEach(a::add);
        });
        return out;
    }

    /** The value of filter {@code name} in {@code e}, read from the record without serialising it. */
    private static JsonNode value(Execution e, String name) {
        return switch (name) {
            case "action" -> text(e.actionRef());
            case "status" -> Json.mapper().getNodeFactory().textNode(e.status().wire());
            case "rule" -> e.rule() == null ? null : text(e.rule().name());
            case "runner" -> text(e.runner().name());
            case "trigger" -> e.trigger() == null ? null : text(e.trigger().name());
            case "trigger_type" ->
                e.triggerType() == null ? null : text(e.triggerType().name());
            case "user" -> e.context().user() == null ? null : text(e.context().user());
            default -> null;
        };
    }

    private static JsonNode text(String value) {
        return Json.mapper().getNodeFactory().textNode(value);
    }
}
