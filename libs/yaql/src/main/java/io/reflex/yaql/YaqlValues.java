package io.reflex.yaql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions between YAQL's plain values and Jackson trees, and Python's text of a value. */
public final class YaqlValues {
    private YaqlValues() {}

    /** A Jackson tree as plain values: objects as insertion-ordered maps, integers as Long, other numbers Double. */
    public static Object fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), fromJson(e.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>(node.size());
            node.forEach(n -> out.add(fromJson(n)));
            return out;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : (Object) node.doubleValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asText();
    }

    /** Plain values (as {@link YaqlExpression#evaluate} returns them) as a Jackson tree; map keys become strings. */
    public static JsonNode toJson(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (value) {
            case null -> f.nullNode();
            case JsonNode n -> n;
            case Boolean b -> f.booleanNode(b);
            case String s -> f.textNode(s);
            case Map<?, ?> m -> {
                ObjectNode o = f.objectNode();
                m.forEach((k, v) -> o.set(k instanceof String s ? s : Values.yaqlStr(k), toJson(v)));
                yield o;
            }
            case Collection<?> c -> {
                ArrayNode a = f.arrayNode();
                c.forEach(v -> a.add(toJson(v)));
                yield a;
            }
            case BigInteger b -> f.numberNode(b);
            case BigDecimal b -> f.numberNode(b);
            case Number n when Values.isInteger(n) -> f.numberNode(n.longValue());
            case Number n -> f.numberNode(n.doubleValue());
            default -> f.textNode(String.valueOf(value));
        };
    }

    /** Python's {@code str()} of a value, as orquesta writes a value into a string: {@code None}, {@code True}. */
    public static String pythonStr(Object value) {
        return PyText.str(value);
    }

    /** YAQL's {@code str()}: like Python's but {@code null}, {@code true} and {@code false}. */
    public static String str(Object value) {
        return Values.yaqlStr(value);
    }

    /** A value from a host: JsonNode trees converted, anything else as it is. */
    static Object fromHost(Object value) {
        return value instanceof JsonNode n ? fromJson(n) : value;
    }

    /** The result of an evaluation as fresh plain values: sets become lists, keys strings, numbers Long/Double. */
    static Object output(Object v, Evaluation ev) {
        return switch (v) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Long l -> l;
            case Double d -> d;
            case JsonNode n -> fromJson(n);
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, val) -> out.put(k instanceof String s ? s : Values.yaqlStr(k), output(val, ev)));
                yield out;
            }
            case Collection<?> c -> {
                List<Object> out = new ArrayList<>(c.size());
                c.forEach(item -> out.add(output(item, ev)));
                yield out;
            }
            case Generated g -> throw ev.exceeded(YaqlLimits.MAX_COLLECTION_SIZE);
            case YaqlContext c -> throw Errors.typeError("a context is not a value");
            case BigInteger b -> b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
            case Number n when Values.isInteger(n) -> n.longValue();
            case Number n -> n.doubleValue();
            default -> String.valueOf(v);
        };
    }
}
