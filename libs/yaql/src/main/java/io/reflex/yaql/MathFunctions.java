package io.reflex.yaql;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.concurrent.ThreadLocalRandom;

/** abs, pow, round, bitwise operations, random numbers, two-argument max and min. */
final class MathFunctions {
    private MathFunctions() {}

    static void register(Library lib) {
        lib.function("abs", inv -> {
            Object v = number(inv.expect(1, 1), 0);
            return Values.isInteger(v) ? (Object) Math.abs(Values.asLong(v)) : (Object) Math.abs(Values.asDouble(v));
        });
        lib.function("sign", inv -> {
            Object v = number(inv.expect(1, 1), 0);
            double d = Values.asDouble(v);
            return d > 0 ? 1L : d < 0 ? -1L : 0L;
        });
        lib.function("random", MathFunctions::random);
        lib.function("bitwiseAnd", inv -> integer(inv, 0) & integer(inv.expect(2, 2), 1));
        lib.function("bitwiseOr", inv -> integer(inv, 0) | integer(inv.expect(2, 2), 1));
        lib.function("bitwiseXor", inv -> integer(inv, 0) ^ integer(inv.expect(2, 2), 1));
        lib.function("bitwiseNot", inv -> ~integer(inv.expect(1, 1), 0));
        lib.function("shiftBitsLeft", inv -> {
            long v = integer(inv.expect(2, 2), 0);
            long n = integer(inv, 1);
            if (n < 0) {
                throw Errors.valueError("negative shift count");
            }
            if (v != 0 && (n >= 63 || Long.numberOfLeadingZeros(Math.abs(v)) <= n)) {
                throw Errors.overflow();
            }
            return v << n;
        });
        lib.function("shiftBitsRight", inv -> {
            long n = integer(inv.expect(2, 2), 1);
            if (n < 0) {
                throw Errors.valueError("negative shift count");
            }
            return integer(inv, 0) >> Math.min(n, 63);
        });
        lib.function("max", inv -> pick(inv, true));
        lib.function("min", inv -> pick(inv, false));
        lib.function("pow", MathFunctions::pow);
        lib.function("round", MathFunctions::round);
    }

    private static Object number(Invocation inv, int i) {
        Object v = inv.arg(i);
        if (!Values.isNumber(v)) {
            throw inv.noMatch();
        }
        return v;
    }

    private static long integer(Invocation inv, int i) {
        Object v = inv.arg(i);
        if (!Values.isInteger(v)) {
            throw inv.noMatch();
        }
        return Values.asLong(v);
    }

    private static Object random(Invocation inv) {
        inv.expect(0, 2);
        if (inv.size() == 0) {
            return ThreadLocalRandom.current().nextDouble();
        }
        if (inv.size() != 2) {
            throw inv.noMatch();
        }
        long from = integer(inv, 0);
        long to = integer(inv, 1);
        if (to < from) {
            throw Errors.valueError("empty range for random(" + from + ", " + to + ")");
        }
        return ThreadLocalRandom.current().nextLong(from, to == Long.MAX_VALUE ? to : to + 1);
    }

    private static Object pick(Invocation inv, boolean max) {
        inv.expect(2, 2);
        Object a = inv.arg(0);
        Object b = inv.arg(1);
        int c = Values.compare(b, a, ">");
        return (max ? c > 0 : c < 0) ? b : a;
    }

    private static Object pow(Invocation inv) {
        inv.expect(2, 3, "c");
        Object a = number(inv, 0);
        Object b = number(inv, 1);
        Object c = inv.arg(2, "c", null);
        if (c != null) {
            if (!Values.isInteger(a) || !Values.isInteger(b) || !Values.isInteger(c) || Values.asLong(b) < 0) {
                throw inv.noMatch();
            }
            return java.math.BigInteger.valueOf(Values.asLong(a))
                    .modPow(
                            java.math.BigInteger.valueOf(Values.asLong(b)),
                            java.math.BigInteger.valueOf(Values.asLong(c)))
                    .longValue();
        }
        if (Values.isInteger(a) && Values.isInteger(b) && Values.asLong(b) >= 0) {
            long base = Values.asLong(a);
            long result = 1;
            for (long e = Values.asLong(b); e > 0; e--) {
                inv.ev().step();
                try {
                    result = Math.multiplyExact(result, base);
                } catch (ArithmeticException overflow) {
                    throw Errors.overflow();
                }
                if (result == 0 || result == 1 && base == 1) {
                    break;
                }
            }
            return result;
        }
        return Math.pow(Values.asDouble(a), Values.asDouble(b));
    }

    /** Python's round: half to even on the exact binary value; integers stay integers. */
    private static Object round(Invocation inv) {
        inv.expect(1, 2, "ndigits");
        Object v = number(inv, 0);
        Object n = inv.arg(1, "ndigits", 0L);
        if (!Values.isInteger(n)) {
            throw inv.noMatch();
        }
        int digits = (int) Math.max(-400, Math.min(400, Values.asLong(n)));
        if (Values.isInteger(v)) {
            if (digits >= 0) {
                return Values.asLong(v);
            }
            return new BigDecimal(Values.asLong(v))
                    .setScale(digits, RoundingMode.HALF_EVEN)
                    .longValue();
        }
        double d = Values.asDouble(v);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return d;
        }
        return new BigDecimal(d).setScale(digits, RoundingMode.HALF_EVEN).doubleValue();
    }
}
