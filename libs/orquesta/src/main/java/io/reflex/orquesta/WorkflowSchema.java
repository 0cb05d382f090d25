package io.reflex.orquesta;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.List;

/**
 * The schema of an orquesta 1.0 workflow definition, composed from the same building blocks orquesta
 * composes it from (non-empty string, unique list of one-key maps, string or non-negative integer...), so
 * that a violation names the same schema path orquesta names. The with-items pattern accepts
 * {@code <expr>} or {@code x, y in <expr>} where the expression is Jinja or YAQL.
 */
final class WorkflowSchema {
    /**
     * The with-items pattern as orquesta's generated schema writes it (expression alternatives Jinja first);
     * violations print it.
     */
    static final String ITEMS_PATTERN = items("{{.*?}}|<%.*?%>");

    private static final String ITEMS_REGEX = items(Expressions.JINJA_EXPRESSION + "|" + Expressions.YAQL_EXPRESSION);

    /** The key pattern of tasks and of one-key maps: a word. */
    static final String NAME = "^\\w+$";

    static final JsonSchema SCHEMA = workflow();

    private WorkflowSchema() {}

    private static String items(String expression) {
        return "^(\\s+)?(" + expression + ")(\\s+)?$|^(\\s+)?((\\w+,\\s?|\\s+)+)?(\\w+)\\s+in\\s+(" + expression
                + ")(\\s+)?$";
    }

    private static JsonSchema nonEmptyString() {
        return JsonSchema.of("string").minLength(1);
    }

    private static JsonSchema positiveInteger() {
        return JsonSchema.of("integer").minimum(BigDecimal.ZERO, "0");
    }

    private static JsonSchema stringOrPositiveInteger() {
        return JsonSchema.oneOf(nonEmptyString(), positiveInteger());
    }

    private static JsonSchema anyNullable() {
        return JsonSchema.anyOf(
                JsonSchema.of("null"),
                JsonSchema.of("array"),
                JsonSchema.of("boolean"),
                JsonSchema.of("integer"),
                JsonSchema.of("number"),
                JsonSchema.of("object"),
                JsonSchema.of("string"));
    }

    private static JsonSchema oneKeyDict() {
        return JsonSchema.of("object").minProperties(1).maxProperties(1).patternProperty(NAME, anyNullable());
    }

    private static JsonSchema uniqueList(JsonSchema items) {
        return JsonSchema.of("array").items(items).uniqueItems().minItems(1);
    }

    private static JsonSchema transition() {
        return JsonSchema.of("object")
                .property("when", nonEmptyString())
                .property("publish", JsonSchema.oneOf(nonEmptyString(), uniqueList(oneKeyDict())))
                .property("do", JsonSchema.oneOf(nonEmptyString(), uniqueList(nonEmptyString())))
                .closed();
    }

    private static JsonSchema task() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return JsonSchema.of("object")
                .property("delay", stringOrPositiveInteger())
                .property(
                        "join", JsonSchema.oneOf(JsonSchema.of().enumOf(List.of(f.textNode("all"))), positiveInteger()))
                .property(
                        "with",
                        JsonSchema.of("object")
                                .property("items", nonEmptyString().pattern(ITEMS_REGEX, ITEMS_PATTERN))
                                .property("concurrency", stringOrPositiveInteger())
                                .closed())
                .property("action", nonEmptyString())
                .property(
                        "input",
                        JsonSchema.oneOf(
                                nonEmptyString(),
                                JsonSchema.of("object").minProperties(1).patternProperty(NAME, anyNullable())))
                .property(
                        "retry",
                        JsonSchema.of("object")
                                .property("when", nonEmptyString())
                                .property("count", stringOrPositiveInteger())
                                .property("delay", stringOrPositiveInteger())
                                .required("count")
                                .closed())
                .property("next", JsonSchema.of("array").items(transition()))
                .closed();
    }

    private static JsonSchema workflow() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return JsonSchema.of("object")
                .property("vars", uniqueList(oneKeyDict()))
                .property("input", uniqueList(JsonSchema.oneOf(nonEmptyString(), oneKeyDict())))
                .property("output", uniqueList(oneKeyDict()))
                .property("tasks", JsonSchema.of("object").minProperties(1).patternProperty(NAME, task()))
                .property("name", nonEmptyString())
                .property(
                        "version",
                        JsonSchema.of()
                                .alsoAnyOf(
                                        nonEmptyString(),
                                        positiveInteger(),
                                        JsonSchema.of("number").minimum(BigDecimal.ZERO, "0.0"))
                                .enumOf(List.of(f.textNode("1.0"), f.numberNode(1.0))))
                .property("description", nonEmptyString())
                .property("tags", uniqueList(nonEmptyString()))
                .required("tasks")
                .closed();
    }
}
