package io.reflex.yaql;

/** Python arithmetic on 64-bit integers and doubles; an integer result that does not fit is an OverflowError. */
final class Arithmetic {
    private Arithmetic() {}

    static Object add(Object l, Object r) {
        if (Values.isInteger(l) && Values.isInteger(r)) {
            return exact(() -> Math.addExact(Values.asLong(l), Values.asLong(r)));
        }
        return Values.asDouble(l) + Values.asDouble(r);
    }

    static Object subtract(Object l, Object r) {
        if (Values.isInteger(l) && Values.isInteger(r)) {
            return exact(() -> Math.subtractExact(Values.asLong(l), Values.asLong(r)));
        }
        return Values.asDouble(l) - Values.asDouble(r);
    }

    static Object multiply(Object l, Object r) {
        if (Values.isInteger(l) && Values.isInteger(r)) {
            return exact(() -> Math.multiplyExact(Values.asLong(l), Values.asLong(r)));
        }
        return Values.asDouble(l) * Values.asDouble(r);
    }

    static long negate(long v) {
        return exact(() -> Math.negateExact(v));
    }

    /** {@code /} (integers floor-divide) and {@code mod} (the result takes the divisor's sign). */
    static Object divide(String op, Object l, Object r) {
        if (!Values.isNumber(l) || !Values.isNumber(r)) {
            throw Errors.noMatchingFunction("#operator_" + op);
        }
        boolean mod = op.equals("mod");
        if (Values.isInteger(l) && Values.isInteger(r)) {
            long a = Values.asLong(l);
            long b = Values.asLong(r);
            if (b == 0) {
                throw Errors.zeroDivision(false, "");
            }
            if (mod) {
                return Math.floorMod(a, b);
            }
            return exact(() -> {
                if (a == Long.MIN_VALUE && b == -1) {
                    throw new ArithmeticException();
                }
                return Math.floorDiv(a, b);
            });
        }
        double a = Values.asDouble(l);
        double b = Values.asDouble(r);
        if (b == 0) {
            throw Errors.zeroDivision(true, mod ? "modulo" : "division");
        }
        if (!mod) {
            return a / b;
        }
        double m = a % b;
        return (m != 0 && (m < 0) != (b < 0)) ? m + b : m;
    }

    private interface LongOp {
        long apply();
    }

    private static long exact(LongOp op) {
        try {
            return op.apply();
        } catch (ArithmeticException e) {
            throw Errors.overflow();
        }
    }
}
