package io.reflex.api.executions;

import io.reflex.core.json.Timestamps;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Sort;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The filters and order of {@code GET /executions}, StackStorm's {@code SUPPORTED_FILTERS} mapped to stored
 * fields. A filter given several values ({@code ?status=failed,timeout}) matches any of them, the value
 * {@code null} matches executions without the field ({@code ?parent=null}: top-level executions), and
 * {@code timestamp=<a>..<b>} is a range, sorted from {@code a} towards {@code b}. The default
 * order is newest first ({@code -start_timestamp, action.ref}); {@code timestamp_gt} or {@code sort_asc}
 * turn it oldest first, as in StackStorm; {@code ?sort=} takes supported filter names and ignores others.
 */
record ExecutionsQuery(Filter filter, Sort sort) {
    /** Filter name → stored field. {@code liveaction} is the execution itself in Reflex (one record). */
    static final Map<String, String> FIELDS = fields();

    private static Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("action", "action.ref");
        m.put("status", "status");
        m.put("liveaction", "id");
        m.put("parent", "parent");
        m.put("rule", "rule.name");
        m.put("runner", "runner.name");
        m.put("timestamp", "start_timestamp");
        m.put("trigger", "trigger.name");
        m.put("trigger_type", "trigger_type.name");
        m.put("trigger_instance", "trigger_instance.id");
        m.put("user", "context.user");
        m.put("id", "id");
        return m;
    }

    static ExecutionsQuery parse(Call call) {
        List<Filter> filters = new ArrayList<>();
        Boolean rangeAscending = null;
        for (Map.Entry<String, String> f : FIELDS.entrySet()) {
            List<String> values = call.queryList(f.getKey());
            if (values.isEmpty()) {
                continue;
            }
            String field = f.getValue();
            if (values.size() == 1 && values.get(0).equalsIgnoreCase("null")) {
                filters.add(Filter.missing(field));
            } else if (f.getKey().equals("timestamp") && values.get(0).contains("..")) {
                String[] ends = values.get(0).split("\\.\\.", 2);
                Instant a = instant("timestamp", ends[0]);
                Instant b = instant("timestamp", ends[1]);
                rangeAscending = !a.isAfter(b);
                filters.add(Filter.gte(field, rangeAscending ? a : b));
                filters.add(Filter.lte(field, rangeAscending ? b : a));
            } else if (f.getKey().equals("timestamp")) {
                filters.add(Filter.eq(field, instant("timestamp", values.get(0))));
            } else {
                filters.add(values.size() == 1 ? Filter.eq(field, values.get(0)) : Filter.in(field, values));
            }
        }
        call.query("timestamp_gt")
                .ifPresent(v -> filters.add(Filter.gt("start_timestamp", instant("timestamp_gt", v))));
        call.query("timestamp_lt")
                .ifPresent(v -> filters.add(Filter.lt("start_timestamp", instant("timestamp_lt", v))));
        Filter filter = filters.isEmpty() ? Filter.all() : Filter.and(filters);
        Sort sort = rangeAscending == null || !call.queryList("sort").isEmpty()
                ? sort(call)
                : rangeAscending ? Sort.by("start_timestamp", "action.ref") : Sort.by("-start_timestamp", "action.ref");
        return new ExecutionsQuery(filter, sort);
    }

    private static Sort sort(Call call) {
        List<String> keys = new ArrayList<>();
        for (String key : call.queryList("sort")) {
            boolean desc = key.startsWith("-");
            String name = key.startsWith("-") || key.startsWith("+") ? key.substring(1) : key;
            if (FIELDS.containsKey(name)) {
                keys.add((desc ? "-" : "") + FIELDS.get(name));
            }
        }
        if (!keys.isEmpty()) {
            return Sort.by(keys.toArray(String[]::new));
        }
        boolean newestFirst = call.query("timestamp_lt").isPresent() || call.queryBool("sort_desc", false);
        boolean oldestFirst = call.query("timestamp_gt").isPresent() || call.queryBool("sort_asc", false);
        return !newestFirst && oldestFirst
                ? Sort.by("start_timestamp", "action.ref")
                : Sort.by("-start_timestamp", "action.ref");
    }

    private static Instant instant(String parameter, String value) {
        try {
            return Timestamps.parse(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("query parameter '" + parameter + "': invalid timestamp '" + value + "'");
        }
    }
}
