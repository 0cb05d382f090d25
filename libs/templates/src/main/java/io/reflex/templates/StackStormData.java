package io.reflex.templates;

/**
 * StackStorm's data functions ({@code to_json_string}, {@code from_yaml_string}, {@code to_yaml_string},
 * {@code json_escape}) for expression languages other than the Jinja renderer's filters, which answer the same.
 * Values are plain Java (maps, lists, strings, numbers, booleans, null).
 */
public final class StackStormData {
    private StackStormData() {}

    public static String toJsonString(Object value, Integer indent, boolean sortKeys) {
        return DataFilters.toJsonString(value, indent, sortKeys);
    }

    /** The YAML text's value; only YAML's own types are built (no objects of any class). */
    public static Object fromYamlString(String text) {
        return DataFilters.fromYamlString(text);
    }

    public static String toYamlString(Object value) {
        return DataFilters.toYamlString(value);
    }

    public static String jsonEscape(Object value) {
        return DataFilters.jsonEscape(value);
    }
}
