package io.reflex.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Sort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Translates {@link Filter}s and {@link Sort}s of one record type into SQL over the {@code doc} column,
 * with the semantics documented on {@link Filter}. Paths the record type declares as scalars become typed
 * expressions that btree indexes serve ({@link PathSql#scalar}); paths through typed lists of text compare
 * their lowest or highest value; everything else is an SQL/JSON path in lax mode, which looks into every
 * list on the way, compares only values of the same type and never throws. Every operand is a bind
 * parameter; a condition that can never hold (an operand of another type) is the constant {@code FALSE}.
 */
final class PostgresQueries {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String NOT_NULL = " ? (@.type() != \"null\")";

    private final Class<?> recordType;
    private final Set<String> ginHeads;
    private final Map<String, FieldPath> paths = new ConcurrentHashMap<>();

    /**
     * @param ginHeads first keys of free-form paths that have a GIN index on their value, where equality is
     *     written with the {@code @?} operator that such an index serves
     */
    PostgresQueries(Class<?> recordType, Set<String> ginHeads) {
        this.recordType = recordType;
        this.ginHeads = Set.copyOf(ginHeads);
    }

    FieldPath path(String field) {
        return paths.computeIfAbsent(field, f -> FieldPath.of(recordType, f));
    }

    /** Appends the condition of {@code filter}; true, false or unknown (which a WHERE treats as false). */
    void where(Filter filter, Sql out) {
        switch (filter) {
            case Filter.All all -> out.append("TRUE");
            case Filter.And and -> join(and.filters(), " AND ", "TRUE", out);
            case Filter.Or or -> join(or.filters(), " OR ", "FALSE", out);
            case Filter.Compare c -> compare(c, out);
            case Filter.In in -> in(in, out);
            case Filter.Exists e -> exists(path(e.field()), e.present(), out);
            case Filter.StartsWith s -> startsWith(path(s.field()), s.prefix(), out);
        }
    }

    private void join(List<Filter> filters, String operator, String empty, Sql out) {
        if (filters.isEmpty()) {
            out.append(empty);
            return;
        }
        out.append("(");
        for (int i = 0; i < filters.size(); i++) {
            if (i > 0) {
                out.append(operator);
            }
            where(filters.get(i), out);
        }
        out.append(")");
    }

    private void compare(Filter.Compare c, Sql out) {
        boolean equality = c.op() == Filter.Op.EQ || c.op() == Filter.Op.NE;
        if (c.value() == null && !equality) {
            throw new IllegalArgumentException("filter " + c.op() + " on " + c.field() + " needs a value, not null");
        }
        FieldPath path = path(c.field());
        boolean negated = c.op() == Filter.Op.NE;
        if (c.value() == null) {
            if (isTyped(path)) {
                out.append(PathSql.scalar(path)).append(negated ? " IS NOT NULL" : " IS NULL");
            } else {
                nullOrAbsent(path, negated, out);
            }
            return;
        }
        JsonNode operand = operand(path, c.value());
        if (operand == null || (isTyped(path) && !fits(path, operand))) {
            out.append(negated ? "TRUE" : "FALSE");
            return;
        }
        if (isTyped(path)) {
            out.append(PathSql.scalar(path)).append(sqlOperator(c.op()));
            out.param(bindValue(operand));
        } else if (path.shape() == FieldPath.Shape.TEXT_LIST && !equality) {
            if (!operand.isTextual()) {
                out.append("FALSE");
                return;
            }
            boolean below = c.op() == Filter.Op.LT || c.op() == Filter.Op.LTE;
            out.append(PathSql.extreme(path, !below))
                    .append(sqlOperator(c.op()))
                    .param(operand.textValue());
        } else if (negated) {
            out.append("NOT COALESCE(");
            matches(path, List.of(operand), out);
            out.append(", FALSE)");
        } else if (equality) {
            matches(path, List.of(operand), out);
        } else {
            jsonPathExists(path, " ? (@" + jsonPathOperator(c.op()) + " $v)", vars(List.of(operand)), out);
        }
    }

    private void in(Filter.In in, Sql out) {
        FieldPath path = path(in.field());
        boolean withNull = false;
        List<JsonNode> operands = new ArrayList<>();
        for (Object value : in.values()) {
            withNull |= value == null;
            JsonNode operand = value == null ? null : operand(path, value);
            if (operand != null && (!isTyped(path) || fits(path, operand))) {
                operands.add(operand);
            }
        }
        if (operands.isEmpty() && !withNull) {
            out.append("FALSE");
            return;
        }
        out.append("(");
        if (!operands.isEmpty()) {
            if (isTyped(path)) {
                out.append(PathSql.scalar(path)).append(" IN (");
                for (int i = 0; i < operands.size(); i++) {
                    out.append(i == 0 ? "" : ", ").param(bindValue(operands.get(i)));
                }
                out.append(")");
            } else {
                matches(path, operands, out);
            }
        }
        if (withNull) {
            out.append(operands.isEmpty() ? "" : " OR ");
            if (isTyped(path)) {
                out.append(PathSql.scalar(path)).append(" IS NULL");
            } else {
                nullOrAbsent(path, false, out);
            }
        }
        out.append(")");
    }

    /** Some value of a list or free-form path equals one of {@code operands}. */
    private void matches(FieldPath path, List<JsonNode> operands, Sql out) {
        if (ginHeads.contains(path.head()) && path.shape() == FieldPath.Shape.FREE) {
            // The @? operator has no variables: the operands are JSON literals inside the path parameter.
            StringBuilder predicate = new StringBuilder(" ? (");
            for (int i = 0; i < operands.size(); i++) {
                predicate.append(i == 0 ? "" : " || ").append("@ == ").append(Json.write(operands.get(i)));
            }
            // "??" is how the JDBC driver spells the operator "?" (a lone "?" is a parameter).
            out.append(PathSql.container(path)).append(" @?? ").jsonpath(PathSql.jsonPath(path) + predicate + ")");
            return;
        }
        StringBuilder predicate = new StringBuilder(" ? (");
        for (int i = 0; i < operands.size(); i++) {
            predicate.append(i == 0 ? "" : " || ").append("@ == $v").append(i == 0 ? "" : i);
        }
        jsonPathExists(path, predicate.append(")").toString(), vars(operands), out);
    }

    /** Absent, null, or (through a list) null somewhere: MongoDB's {@code {field: null}}. */
    private void nullOrAbsent(FieldPath path, boolean negated, Sql out) {
        out.append(negated ? "NOT " : "").append("(COALESCE(");
        jsonPathExists(path, " ? (@ == null)", null, out);
        out.append(", FALSE) OR NOT COALESCE(");
        jsonPathExists(path, NOT_NULL, null, out);
        out.append(", FALSE))");
    }

    private void exists(FieldPath path, boolean present, Sql out) {
        if (isTyped(path)) {
            out.append(PathSql.scalar(path)).append(present ? " IS NOT NULL" : " IS NULL");
            return;
        }
        out.append(present ? "COALESCE(" : "NOT COALESCE(");
        jsonPathExists(path, NOT_NULL, null, out);
        out.append(", FALSE)");
    }

    private void startsWith(FieldPath path, String prefix, Sql out) {
        if (path.instant() || (isTyped(path) && path.scalar() != FieldPath.Scalar.TEXT)) {
            out.append("FALSE");
            return;
        }
        if (isTyped(path)) {
            out.append(PathSql.scalar(path)).append(" LIKE ").param(likePrefix(prefix));
            return;
        }
        jsonPathExists(path, " ? (@ starts with $v)", vars(List.of(NODES.textNode(prefix))), out);
    }

    private static void jsonPathExists(FieldPath path, String predicate, String vars, Sql out) {
        out.append("jsonb_path_exists(").append(PathSql.container(path)).append(", ");
        out.jsonpath(PathSql.jsonPath(path) + predicate);
        if (vars != null) {
            out.append(", ").jsonb(vars);
        }
        out.append(")");
    }

    /** {@code ORDER BY} keys, then id ascending so ties always come out in the same order. */
    void orderBy(Sort sort, Sql out) {
        out.append(" ORDER BY ");
        boolean byId = false;
        for (Sort.Key key : sort.keys()) {
            FieldPath path = path(key.field());
            byId |= path.shape() == FieldPath.Shape.ID;
            switch (path.shape()) {
                case ID, SCALAR -> out.append(PathSql.scalar(path));
                case TEXT_LIST -> out.append(PathSql.extreme(path, !key.ascending()));
                case FREE -> {
                    out.append("jsonb_path_query_first(")
                            .append(PathSql.container(path))
                            .append(", ");
                    out.jsonpath(PathSql.jsonPath(path)).append(")");
                }
            }
            out.append(key.ascending() ? " ASC NULLS FIRST" : " DESC NULLS LAST");
            if (byId) {
                return;
            }
            out.append(", ");
        }
        out.append("id ASC");
    }

    private static boolean isTyped(FieldPath path) {
        return path.shape() == FieldPath.Shape.ID || path.shape() == FieldPath.Shape.SCALAR;
    }

    /**
     * The operand as the JSON value stored documents hold; null when it can match nothing here (an instant
     * compared with a path that holds no instants).
     *
     * @throws IllegalArgumentException for a container value or an unparsable timestamp on an instant path
     */
    private static JsonNode operand(FieldPath path, Object value) {
        if (value instanceof Instant instant) {
            return path.instant() ? NODES.textNode(Timestamps.format(instant)) : null;
        }
        if (path.instant() && value instanceof String text) {
            return NODES.textNode(Timestamps.format(Timestamps.parse(text)));
        }
        JsonNode node = Json.tree(value);
        if (node.isContainerNode()) {
            throw new IllegalArgumentException("filter value for " + path.path() + " must be a scalar, was " + node);
        }
        return node.isNull() ? null : node;
    }

    private static boolean fits(FieldPath path, JsonNode operand) {
        return switch (path.scalar()) {
            case TEXT -> operand.isTextual();
            case NUMBER -> operand.isNumber();
            case BOOLEAN -> operand.isBoolean();
            case OTHER -> false;
        };
    }

    private static Object bindValue(JsonNode operand) {
        if (operand.isTextual()) {
            return operand.textValue();
        }
        if (operand.isNumber()) {
            return operand.decimalValue();
        }
        return operand.booleanValue();
    }

    private static String vars(List<JsonNode> operands) {
        ObjectNode vars = NODES.objectNode();
        for (int i = 0; i < operands.size(); i++) {
            vars.set(i == 0 ? "v" : "v" + i, operands.get(i));
        }
        return Json.write(vars);
    }

    private static String likePrefix(String prefix) {
        StringBuilder out = new StringBuilder(prefix.length() + 4);
        for (int i = 0; i < prefix.length(); i++) {
            char ch = prefix.charAt(i);
            if (ch == '%' || ch == '_' || ch == '\\') {
                out.append('\\');
            }
            out.append(ch);
        }
        return out.append('%').toString();
    }

    private static String sqlOperator(Filter.Op op) {
        return switch (op) {
            case EQ -> " = ";
            case NE -> " IS DISTINCT FROM ";
            case GT -> " > ";
            case GTE -> " >= ";
            case LT -> " < ";
            case LTE -> " <= ";
        };
    }

    private static String jsonPathOperator(Filter.Op op) {
        return switch (op) {
            case EQ -> " ==";
            case NE -> " !=";
            case GT -> " >";
            case GTE -> " >=";
            case LT -> " <";
            case LTE -> " <=";
        };
    }
}
