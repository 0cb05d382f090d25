package io.reflex.yaql;

import java.math.BigDecimal;

/** {@code int()} and {@code float()} as Python converts. */
final class Conversions {
    private Conversions() {}

    static Object toInt(Object v) {
        if (v == null) {
            return 0L;
        }
        if (v instanceof Boolean || Values.isInteger(v)) {
            return Values.asLong(v);
        }
        if (Values.isFloat(v)) {
            double d = Values.asDouble(v);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw Errors.valueError("cannot convert float " + PyText.floatRepr(d) + " to integer");
            }
            if (Math.abs(d) >= 9.2e18) {
                throw Errors.overflow();
            }
            return (long) d;
        }
        if (v instanceof String s) {
            String t = s.strip().replace("_", "");
            try {
                return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
            } catch (NumberFormatException e) {
                throw Errors.valueError("invalid literal for int() with base 10: " + PyText.repr(s));
            }
        }
        throw Errors.typeError("int() argument must be a string or a number, not '" + Values.typeName(v) + "'");
    }

    static Object toFloat(Object v) {
        if (v == null) {
            return 0.0;
        }
        if (v instanceof Boolean || Values.isNumber(v)) {
            return Values.asDouble(v);
        }
        if (v instanceof String s) {
            String t = s.strip().toLowerCase(java.util.Locale.ROOT);
            switch (t) {
                case "inf", "+inf", "infinity", "+infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-inf", "-infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                case "nan", "+nan", "-nan" -> {
                    return Double.NaN;
                }
                default -> {}
            }
            try {
                if (!t.matches("[+-]?(\\d[\\d_]*\\.?[\\d_]*|\\.\\d[\\d_]*)(e[+-]?\\d+)?")) {
                    throw new NumberFormatException();
                }
                return new BigDecimal(t.replace("_", "")).doubleValue();
            } catch (NumberFormatException e) {
                throw Errors.valueError("could not convert string to float: " + PyText.repr(s));
            }
        }
        throw Errors.typeError("float() argument must be a string or a number, not '" + Values.typeName(v) + "'");
    }
}
