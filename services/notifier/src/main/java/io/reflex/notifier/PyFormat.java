package io.reflex.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Timestamps;
import io.reflex.core.text.PyRepr;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Map;

/**
 * The text forms StackStorm's notifier produces with Python: {@code json.dumps(value)} (separators
 * {@code ", "} and {@code ": "}, non-ASCII escaped, floats as Python's {@code repr}), {@code str(datetime)}
 * of a UTC datetime and {@code isotime.format(datetime)}. Trigger consumers (rules matching on
 * {@code trigger.data.result}, ChatOps) see the same text as with StackStorm. Pure functions.
 */
final class PyFormat {
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private PyFormat() {}

    /** {@code json.dumps(value)} with Python's defaults. */
    static String jsonDumps(JsonNode value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    /** {@code str(dt)} of a UTC-aware datetime: {@code 2024-01-01 10:00:00.123000+00:00} (no fraction when zero). */
    static String datetimeStr(Instant t) {
        int micros = t.getNano() / 1000;
        if (!Timestamps.fixedWidth(t)) {
            return SECONDS.format(t) + (micros == 0 ? "" : String.format(".%06d", micros)) + "+00:00";
        }
        // cut from the stored form, formatted without a formatter: it holds both of Python's forms
        String stored = Timestamps.format(t);
        return stored.substring(0, 10) + ' ' + stored.substring(11, micros == 0 ? 19 : 26) + "+00:00";
    }

    /** {@code isotime.format(dt)}: {@code 2024-01-01T10:00:00.123000+00:00}. */
    static String isotime(Instant t) {
        return (Timestamps.fixedWidth(t) ? Timestamps.format(t).substring(0, 26) : ISO_MICROS.format(t)) + "+00:00";
    }

    private static void write(JsonNode v, StringBuilder out) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            out.append("null");
        } else if (v.isObject()) {
            out.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.append(first ? "" : ", ");
                string(e.getKey(), out);
                out.append(": ");
                write(e.getValue(), out);
                first = false;
            }
            out.append('}');
        } else if (v.isArray()) {
            out.append('[');
            for (int i = 0; i < v.size(); i++) {
                out.append(i == 0 ? "" : ", ");
                write(v.get(i), out);
            }
            out.append(']');
        } else if (v.isTextual()) {
            string(v.asText(), out);
        } else if (v.isFloatingPointNumber()) {
            out.append(floatRepr(v.doubleValue()));
        } else if (v.isNumber()) {
            out.append(v.bigIntegerValue());
        } else if (v.isBoolean()) {
            out.append(v.asBoolean() ? "true" : "false");
        } else {
            string(v.asText(), out);
        }
    }

    private static void string(String s, StringBuilder out) {
        PyRepr.jsonString(s, out);
    }

    /** Python's {@code repr(float)} as {@code json.dumps} writes it. */
    static String floatRepr(double d) {
        return PyRepr.jsonFloat(d);
    }
}
