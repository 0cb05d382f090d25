package io.reflex.templates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import io.reflex.core.json.Json;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** StackStorm's data filters: JSON and YAML in and out, jsonpath queries, passing None through. */
final class DataFilters {
    /** StackStorm's marker for "this parameter is None"; parameter casting turns it into null. */
    static final String NONE_MARKER = "%*****__%NONE%__*****%";

    private DataFilters() {}

    static List<SimpleFilter> all() {
        return List.of(
                new SimpleFilter(
                        "from_json_string", (v, a) -> Json.mapper().readValue(String.valueOf(v), Object.class)),
                new SimpleFilter("to_json_string", (v, a) -> toJson(v, a)),
                new SimpleFilter("to_complex", (v, a) -> Json.mapper().writeValueAsString(v)),
                new SimpleFilter("from_yaml_string", (v, a) -> yaml().load(String.valueOf(v))),
                new SimpleFilter("to_yaml_string", (v, a) -> yaml().dump(v)),
                new SimpleFilter(
                        "json_escape",
                        (v, a) -> new String(JsonStringEncoder.getInstance().quoteAsString(String.valueOf(v)))),
                new SimpleFilter("jsonpath_query", DataFilters::jsonpath),
                new SimpleFilter("use_none", (v, a) -> v == null ? NONE_MARKER : v));
    }

    private static Object toJson(Object v, String[] a) throws JsonProcessingException {
        int indent = Integer.parseInt(SimpleFilter.arg(a, 0, "4"));
        boolean sortKeys = Boolean.parseBoolean(SimpleFilter.arg(a, 1, "false"));
        var mapper = Json.newMapper();
        if (sortKeys) {
            mapper.configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        }
        String compact = mapper.writeValueAsString(v);
        return indent > 0 ? mapper.writerWithDefaultPrettyPrinter().writeValueAsString(v) : compact;
    }

    private static Object jsonpath(Object v, String[] a) {
        String query = SimpleFilter.arg(a, 0, "$");
        try {
            Object result = JsonPath.read(Json.mapper().writeValueAsString(v), query);
            if (result instanceof List<?> l && l.isEmpty()) {
                return null;
            }
            return result;
        } catch (PathNotFoundException e) {
            return null;
        } catch (JsonProcessingException e) {
            throw new TemplateException("jsonpath_query: value is not JSON: " + e.getOriginalMessage());
        }
    }

    private static Yaml yaml() {
        DumperOptions dump = new DumperOptions();
        dump.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(
                new SafeConstructor(new LoaderOptions()), new org.yaml.snakeyaml.representer.Representer(dump), dump);
    }
}
