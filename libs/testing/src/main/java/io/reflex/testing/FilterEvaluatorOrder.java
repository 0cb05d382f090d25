package io.reflex.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * How the in-memory store orders and equates JSON values, copying MongoDB: values of different types are
 * never equal and compare by type rank (missing and null lowest, then numbers, strings, objects, arrays,
 * binary, booleans, and last instants, which only appear as filter operands here); numbers compare by
 * value whatever their width ({@code 1 == 1L == 1.0}); strings compare by code point (the order of their
 * UTF-8 bytes, as MongoDB's binary comparison).
 */
final class FilterEvaluatorOrder {
    private FilterEvaluatorOrder() {}

    static int rank(JsonNode node) {
        return switch (node.getNodeType()) {
            case MISSING, NULL -> 1;
            case NUMBER -> 2;
            case STRING -> 3;
            case OBJECT -> 4;
            case ARRAY -> 5;
            case BINARY -> 6;
            case BOOLEAN -> 8;
            case POJO -> 9;
        };
    }

    static boolean sameType(JsonNode a, JsonNode b) {
        return rank(a) == rank(b);
    }

    /** Total order over values: by rank, then by value within a rank. */
    static int compare(JsonNode a, JsonNode b) {
        int byRank = Integer.compare(rank(a), rank(b));
        if (byRank != 0) {
            return byRank;
        }
        return switch (a.getNodeType()) {
            case MISSING, NULL -> 0;
            case NUMBER -> compareNumbers(a, b);
            case STRING -> compareStrings(a.textValue(), b.textValue());
            case BOOLEAN -> Boolean.compare(a.booleanValue(), b.booleanValue());
            default -> compareStrings(a.toString(), b.toString());
        };
    }

    static boolean equal(JsonNode a, JsonNode b) {
        return sameType(a, b) && compare(a, b) == 0;
    }

    private static int compareNumbers(JsonNode a, JsonNode b) {
        if (a.canConvertToExactIntegral()
                && b.canConvertToExactIntegral()
                && a.canConvertToLong()
                && b.canConvertToLong()) {
            return Long.compare(a.longValue(), b.longValue());
        }
        return Double.compare(a.doubleValue(), b.doubleValue());
    }

    static int compareStrings(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** A string equal for values a unique index treats as the same ({@code 1} and {@code 1.0}, null and missing). */
    static String canonical(JsonNode node) {
        return switch (node.getNodeType()) {
            case MISSING, NULL -> "null";
            case NUMBER -> "n:" + canonicalNumber(node);
            case STRING -> "s:" + node.textValue();
            case BOOLEAN -> "b:" + node.booleanValue();
            default -> "j:" + node;
        };
    }

    private static String canonicalNumber(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        double d = node.doubleValue();
        return Double.isFinite(d)
                ? new BigDecimal(node.asText()).stripTrailingZeros().toPlainString()
                : Double.toString(d);
    }
}
