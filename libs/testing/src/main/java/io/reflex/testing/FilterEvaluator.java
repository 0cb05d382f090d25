package io.reflex.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Sort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Evaluates {@link Filter}s and {@link Sort}s on stored JSON trees with MongoDB's semantics (see
 * {@link Filter}), so the in-memory store answers as the MongoDB store does. A dotted path that crosses an
 * array looks into every element, and a path ending on an array yields its elements too: a filter
 * matches when any of those values does ({@code log.status = running}). Instants are stored as their
 * fixed-width strings, so on the kind's instant fields an Instant operand (or a timestamp string,
 * normalised) compares as that string; anywhere else an Instant operand matches nothing, as a BSON date
 * never equals a string.
 */
final class FilterEvaluator {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Set<String> instantFields;

    FilterEvaluator(Set<String> instantFields) {
        this.instantFields = Set.copyOf(instantFields);
    }

    boolean matches(JsonNode doc, Filter filter) {
        return switch (filter) {
            case Filter.All all -> true;
            case Filter.Compare c -> compare(resolve(doc, c.field()), c.op(), operand(c.field(), c.value(), c.op()));
            case Filter.In in -> in(doc, in);
            case Filter.Exists e -> e.present() != anyNull(resolve(doc, e.field()));
            case Filter.StartsWith s -> startsWith(doc, s);
            case Filter.And and -> and.filters().stream().allMatch(f -> matches(doc, f));
            case Filter.Or or -> or.filters().stream().anyMatch(f -> matches(doc, f));
        };
    }

    private static boolean compare(List<JsonNode> values, Filter.Op op, JsonNode operand) {
        return switch (op) {
            case EQ -> anyEqual(values, operand);
            case NE -> !anyEqual(values, operand);
            case GT -> anyCompares(values, operand, c -> c > 0);
            case GTE -> anyCompares(values, operand, c -> c >= 0);
            case LT -> anyCompares(values, operand, c -> c < 0);
            case LTE -> anyCompares(values, operand, c -> c <= 0);
        };
    }

    private static boolean anyEqual(List<JsonNode> values, JsonNode operand) {
        if (operand.isNull()) {
            return anyNull(values);
        }
        return values.stream().anyMatch(v -> FilterEvaluatorOrder.equal(v, operand));
    }

    private static boolean anyNull(List<JsonNode> values) {
        return values.stream().anyMatch(v -> v.isNull() || v.isMissingNode());
    }

    private static boolean anyCompares(List<JsonNode> values, JsonNode operand, java.util.function.IntPredicate test) {
        return values.stream()
                .anyMatch(v -> FilterEvaluatorOrder.sameType(v, operand)
                        && !v.isNull()
                        && !v.isMissingNode()
                        && test.test(FilterEvaluatorOrder.compare(v, operand)));
    }

    private boolean in(JsonNode doc, Filter.In in) {
        List<JsonNode> values = resolve(doc, in.field());
        return in.values().stream().anyMatch(v -> anyEqual(values, operand(in.field(), v, Filter.Op.EQ)));
    }

    private boolean startsWith(JsonNode doc, Filter.StartsWith s) {
        if (instantFields.contains(s.field())) {
            return false; // stored as dates by MongoDB, which a string prefix never matches
        }
        return resolve(doc, s.field()).stream()
                .anyMatch(v -> v.isTextual() && v.textValue().startsWith(s.prefix()));
    }

    /** The operand as the JSON value it is compared with. */
    JsonNode operand(String field, Object value, Filter.Op op) {
        if (value == null) {
            if (op != Filter.Op.EQ && op != Filter.Op.NE) {
                throw new IllegalArgumentException("filter " + op + " on " + field + " needs a value, not null");
            }
            return NODES.nullNode();
        }
        boolean instantField = instantFields.contains(field);
        if (value instanceof Instant instant) {
            return instantField ? NODES.textNode(Timestamps.format(instant)) : NODES.pojoNode(instant);
        }
        if (value instanceof String text && instantField) {
            return NODES.textNode(Timestamps.format(Timestamps.parse(text)));
        }
        JsonNode node = Json.tree(value);
        if (node.isContainerNode()) {
            throw new IllegalArgumentException("filter value for " + field + " must be a scalar, was " + node);
        }
        return node;
    }

    /** Sort keys, then id ascending. */
    Comparator<JsonNode> comparator(Sort sort) {
        Comparator<JsonNode> order = (a, b) -> 0;
        for (Sort.Key key : sort.keys()) {
            Comparator<JsonNode> byKey = (a, b) -> FilterEvaluatorOrder.compare(
                    sortValue(a, key.field(), key.ascending()), sortValue(b, key.field(), key.ascending()));
            order = order.thenComparing(key.ascending() ? byKey : byKey.reversed());
        }
        return order.thenComparing((a, b) -> FilterEvaluatorOrder.compareStrings(id(a), id(b)));
    }

    /** MongoDB sorts a multi-valued path by its lowest value ascending and its highest descending. */
    private static JsonNode sortValue(JsonNode doc, String field, boolean ascending) {
        JsonNode best = MissingNode.getInstance();
        for (JsonNode v : resolve(doc, field)) {
            if (v.isContainerNode() || v.isMissingNode()) {
                continue;
            }
            int c = FilterEvaluatorOrder.compare(v, best);
            if (best.isMissingNode() || (ascending ? c < 0 : c > 0)) {
                best = v;
            }
        }
        return best;
    }

    static String id(JsonNode doc) {
        return doc.path("id").asText();
    }

    /** The values at a dotted path; a missing step yields a {@link MissingNode}. */
    static List<JsonNode> resolve(JsonNode doc, String path) {
        List<JsonNode> out = new ArrayList<>(2);
        walk(doc, path.split("\\."), 0, out);
        return out;
    }

    private static void walk(JsonNode node, String[] steps, int i, List<JsonNode> out) {
        if (i == steps.length) {
            out.add(node);
            if (node.isArray()) {
                node.forEach(out::add);
            }
            return;
        }
        if (node.isObject()) {
            JsonNode child = node.get(steps[i]);
            walk(child == null ? MissingNode.getInstance() : child, steps, i + 1, out);
        } else if (node.isArray() && isIndex(steps[i])) {
            JsonNode element = node.get(Integer.parseInt(steps[i]));
            walk(element == null ? MissingNode.getInstance() : element, steps, i + 1, out);
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (element.isObject()) {
                    walk(element, steps, i, out);
                }
            }
        } else {
            out.add(MissingNode.getInstance());
        }
    }

    private static boolean isIndex(String step) {
        return !step.isEmpty() && step.length() < 10 && step.chars().allMatch(Character::isDigit);
    }
}
