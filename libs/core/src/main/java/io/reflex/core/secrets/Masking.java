package io.reflex.core.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Masks secret values the way StackStorm shows them: {@code ********}. A parameter is secret when its schema
 * (action parameters merged over runner parameters) says {@code secret: true}. Pure functions; the inputs
 * are never modified.
 */
public final class Masking {
    public static final String MASK = "********";

    private Masking() {}

    /** {@code parameters} with every value whose schema in {@code schemas} is secret replaced by the mask. */
    public static ObjectNode parameters(ObjectNode parameters, ObjectNode schemas) {
        ObjectNode out = parameters.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = parameters.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (schemas.path(e.getKey()).path("secret").asBoolean(false)
                    && !e.getValue().isNull()) {
                out.put(e.getKey(), MASK);
            }
        }
        return out;
    }

    /** Replaces every occurrence of each secret value inside {@code text} (for output and log lines). */
    public static String text(String text, Iterable<String> secretValues) {
        String out = text;
        for (String v : secretValues) {
            if (v != null && v.length() >= 3) {
                out = out.replace(v, MASK);
            }
        }
        return out;
    }
}
