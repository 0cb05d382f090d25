package io.reflex.templates;

import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * StackStorm's expression functions for workflows ({@code basename(path)}, {@code version_compare(a, b)},
 * {@code regex_match(value, pattern)}...): each is the Jinja filter of the same name called with the filter's
 * value as its first argument, so the filter is the one implementation. The names include StackStorm's aliases
 * ({@code json_dump}, {@code json_parse}, {@code yaml_dump}, {@code yaml_parse}). Values are plain Java
 * (maps, lists, strings, numbers, booleans, null); the arguments after the first are passed as the filter's
 * text arguments (null as Python's {@code None}).
 */
public final class StackStormFunctions {
    private static final Map<String, String> ALIASES = Map.of(
            "json_dump", "to_json_string",
            "json_parse", "from_json_string",
            "yaml_dump", "to_yaml_string",
            "yaml_parse", "from_yaml_string");

    private static final Map<String, SimpleFilter> FILTERS = filters();

    private StackStormFunctions() {}

    /** Every function's name. */
    public static Set<String> names() {
        return FILTERS.keySet();
    }

    /**
     * The function {@code name} applied to {@code args}.
     *
     * @throws TemplateException when the name is not one of {@link #names()}, an argument is missing or the
     *     function fails on its arguments
     */
    public static Object call(String name, List<?> args) {
        SimpleFilter filter = FILTERS.get(name);
        if (filter == null) {
            throw new TemplateException("Unknown function \"" + name + "\"");
        }
        if (args.isEmpty()) {
            throw new TemplateException(name + "() takes at least one argument (0 given)");
        }
        String[] rest = args.subList(1, args.size()).stream()
                .map(StackStormFunctions::argument)
                .toArray(String[]::new);
        try {
            return filter.filter(args.get(0), null, rest);
        } catch (TemplateException e) {
            if (e.getCause() instanceof IndexOutOfBoundsException) {
                throw new TemplateException(name + "() is missing an argument (" + args.size() + " given)");
            }
            throw e;
        }
    }

    /** The functions as Jinja globals, for a {@link Templates} that renders workflows. */
    public static List<ELFunctionDefinition> jinjaDefinitions() {
        List<ELFunctionDefinition> out = new ArrayList<>();
        for (String name : FILTERS.keySet()) {
            out.add(new ELFunctionDefinition("", name, StackStormFunctions.class, camel(name), Object[].class));
        }
        return Collections.unmodifiableList(out);
    }

    private static Map<String, SimpleFilter> filters() {
        Map<String, SimpleFilter> byName = new LinkedHashMap<>();
        Stream.of(DataFilters.all(), TextFilters.all(), VersionFilters.all())
                .flatMap(List::stream)
                .filter(f -> !f.getName().equals("shell_quote"))
                .forEach(f -> byName.put(f.getName(), f));
        ALIASES.forEach((alias, target) -> byName.put(alias, byName.get(target)));
        return Collections.unmodifiableMap(byName);
    }

    /** A filter argument as Jinja passes it: text, with null as {@code None} and booleans as Python writes them. */
    private static String argument(Object a) {
        if (a == null) {
            return "None";
        }
        if (a instanceof Boolean b) {
            return b ? "True" : "False";
        }
        return a instanceof String s ? s : PyText.str(a);
    }

    private static String camel(String name) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : name.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }

    private static Object call(String name, Object[] args) {
        return call(name, Arrays.asList(args == null ? new Object[] {null} : args));
    }

    // One static method a function: Jinja calls global functions through static methods.

    public static Object fromJsonString(Object... args) {
        return call("from_json_string", args);
    }

    public static Object fromYamlString(Object... args) {
        return call("from_yaml_string", args);
    }

    public static Object toJsonString(Object... args) {
        return call("to_json_string", args);
    }

    public static Object toYamlString(Object... args) {
        return call("to_yaml_string", args);
    }

    public static Object toComplex(Object... args) {
        return call("to_complex", args);
    }

    public static Object jsonEscape(Object... args) {
        return call("json_escape", args);
    }

    public static Object jsonpathQuery(Object... args) {
        return call("jsonpath_query", args);
    }

    public static Object useNone(Object... args) {
        return call("use_none", args);
    }

    public static Object basename(Object... args) {
        return call("basename", args);
    }

    public static Object dirname(Object... args) {
        return call("dirname", args);
    }

    public static Object regexMatch(Object... args) {
        return call("regex_match", args);
    }

    public static Object regexReplace(Object... args) {
        return call("regex_replace", args);
    }

    public static Object regexSearch(Object... args) {
        return call("regex_search", args);
    }

    public static Object regexSubstring(Object... args) {
        return call("regex_substring", args);
    }

    public static Object toHumanTimeFromSeconds(Object... args) {
        return call("to_human_time_from_seconds", args);
    }

    public static Object versionCompare(Object... args) {
        return call("version_compare", args);
    }

    public static Object versionMoreThan(Object... args) {
        return call("version_more_than", args);
    }

    public static Object versionLessThan(Object... args) {
        return call("version_less_than", args);
    }

    public static Object versionEqual(Object... args) {
        return call("version_equal", args);
    }

    public static Object versionMatch(Object... args) {
        return call("version_match", args);
    }

    public static Object versionBumpMajor(Object... args) {
        return call("version_bump_major", args);
    }

    public static Object versionBumpMinor(Object... args) {
        return call("version_bump_minor", args);
    }

    public static Object versionBumpPatch(Object... args) {
        return call("version_bump_patch", args);
    }

    public static Object versionStripPatch(Object... args) {
        return call("version_strip_patch", args);
    }

    public static Object jsonDump(Object... args) {
        return call("json_dump", args);
    }

    public static Object jsonParse(Object... args) {
        return call("json_parse", args);
    }

    public static Object yamlDump(Object... args) {
        return call("yaml_dump", args);
    }

    public static Object yamlParse(Object... args) {
        return call("yaml_parse", args);
    }
}
