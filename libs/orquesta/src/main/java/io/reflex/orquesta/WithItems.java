package io.reflex.orquesta;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code with: {items: "x, y in <% zip(ctx(a), ctx(b)) %>", concurrency: 2}} (or the short form
 * {@code with: <items>}): the action runs once per item of {@link #expression}'s list. With names, each item
 * (a list when several names zip several lists) is bound to them for {@code item(x)}.
 *
 * @param items the {@code items} text as written
 * @param variables the names before {@code in}, empty when there are none
 * @param expression the expression after {@code in} (or the whole text)
 * @param concurrency at most this many items at once: an integer or an expression
 */
public record WithItems(String items, List<String> variables, String expression, Optional<JsonNode> concurrency) {
    public WithItems {
        Objects.requireNonNull(items, "items");
        variables = List.copyOf(variables);
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(concurrency, "concurrency");
    }

    /** Reads {@code items}: {@code x, y in <expr>} or just {@code <expr>}. */
    public static WithItems parse(String items, Optional<JsonNode> concurrency) {
        int in = items.indexOf(" in ");
        if (in < 0) {
            return new WithItems(items, List.of(), items.strip(), concurrency);
        }
        List<String> names = List.of(items.substring(0, in).replace(" ", "").split(","));
        return new WithItems(items, names, items.substring(in + 4).strip(), concurrency);
    }
}
