package io.reflex.templates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
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

    /** StackStorm's {@code jsonpath_query} answers the list of matches, or None when nothing matches. */
    private static final Configuration ALWAYS_LIST =
            Configuration.defaultConfiguration().addOptions(Option.ALWAYS_RETURN_LIST, Option.SUPPRESS_EXCEPTIONS);

    private DataFilters() {}

    static List<SimpleFilter> all() {
        return List.of(
                new SimpleFilter(
                        "from_json_string", (v, a) -> Json.mapper().readValue(String.valueOf(v), Object.class)),
                new SimpleFilter("to_json_string", (v, a) -> toJson(v, a)),
                new SimpleFilter("to_complex", (v, a) -> PyJson.dumps(v)),
                new SimpleFilter("from_yaml_string", (v, a) -> yaml().load(String.valueOf(v))),
                new SimpleFilter("to_yaml_string", (v, a) -> toYamlString(v)),
                new SimpleFilter("json_escape", (v, a) -> jsonEscape(v)),
                new SimpleFilter("jsonpath_query", DataFilters::jsonpath),
                new SimpleFilter("use_none", (v, a) -> v == null ? NONE_MARKER : v));
    }

    /**
     * StackStorm's {@code to_json_string(value, indent=None, sort_keys=False)}: {@code json.dumps} with the
     * separators {@code ','} and {@code ': '}, so one line has no space after a comma.
     */
    private static Object toJson(Object v, String[] a) {
        String indent = SimpleFilter.arg(a, 0, "None");
        boolean sortKeys = SimpleFilter.arg(a, 1, "false").equalsIgnoreCase("true");
        Integer spaces = indent.equals("None") || indent.equals("null") ? null : Integer.valueOf(indent);
        return toJsonString(v, spaces, sortKeys);
    }

    /** {@code to_json_string} for other expression languages (the workflows' YAQL). */
    static String toJsonString(Object v, Integer indent, boolean sortKeys) {
        return new PyJson(indent, sortKeys, ",", ": ").write(v);
    }

    /** {@code from_yaml_string}: the YAML text's value (safe types only). */
    static Object fromYamlString(String text) {
        return yaml().load(text);
    }

    /** {@code to_yaml_string}: block-style YAML with every dict's keys in order. */
    static String toYamlString(Object v) {
        return yaml().dump(sortedKeys(v));
    }

    /** {@code json_escape}: the value as a JSON string's inside, without the quotes. */
    static String jsonEscape(Object v) {
        return stripQuotes(PyJson.dumps(v));
    }

    /** The value with every dict's keys in order, as PyYAML's {@code safe_dump} writes them. */
    private static Object sortedKeys(Object v) {
        if (v instanceof java.util.Map<?, ?> m) {
            java.util.Map<String, Object> sorted = new java.util.TreeMap<>();
            m.forEach((k, x) -> sorted.put(String.valueOf(k), sortedKeys(x)));
            return new java.util.LinkedHashMap<>(sorted);
        }
        if (v instanceof java.util.Collection<?> c) {
            return c.stream().map(DataFilters::sortedKeys).toList();
        }
        return v;
    }

    /** Python's {@code str.strip('"')}. */
    private static String stripQuotes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '"') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '"') {
            end--;
        }
        return s.substring(start, end);
    }

    private static Object jsonpath(Object v, String[] a) {
        String query = SimpleFilter.arg(a, 0, "$");
        try {
            Object result = JsonPath.using(ALWAYS_LIST)
                    .parse(Json.mapper().writeValueAsString(v))
                    .read(query);
            return result instanceof List<?> l && l.isEmpty() ? null : result;
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
