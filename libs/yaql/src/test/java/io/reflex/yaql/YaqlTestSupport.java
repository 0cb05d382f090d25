package io.reflex.yaql;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Evaluates expressions against a JSON root and writes results as JSON, so expectations read like YAQL's docs. */
final class YaqlTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Yaql YAQL = Yaql.standard(YaqlLimits.DEFAULTS);

    private YaqlTestSupport() {}

    static Object eval(String expression) {
        return YAQL.parse(expression).evaluate(YaqlContext.empty());
    }

    static Object eval(String expression, String rootJson) {
        try {
            return YAQL.parse(expression).evaluate(YaqlContext.of(JSON.readTree(rootJson)));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String json(Object value) {
        return YaqlValues.toJson(value).toString();
    }
}
