package io.reflex.postgres;

import io.reflex.core.json.Json;
import java.util.List;

/**
 * The SQL expressions of a {@link FieldPath}. Indexes are built on exactly these expressions and queries
 * use the same text, which is what lets the planner match a condition to an index. Text compares with
 * collation {@code "C"} (code point order, whatever the database's default collation).
 */
final class PathSql {
    /** Lowest and highest text value a path yields; created with the schema, immutable so indexes may use them. */
    static final String MIN_TEXT = "reflex_min_text";

    static final String MAX_TEXT = "reflex_max_text";

    private PathSql() {}

    /** The typed value of an {@link FieldPath.Shape#ID} or {@link FieldPath.Shape#SCALAR} path; SQL NULL when absent or null. */
    static String scalar(FieldPath path) {
        if (path.shape() == FieldPath.Shape.ID) {
            return "id";
        }
        if (path.shape() != FieldPath.Shape.SCALAR) {
            throw new IllegalArgumentException("not a scalar path: " + path.path());
        }
        StringBuilder access = new StringBuilder("doc");
        List<String> steps = path.steps();
        for (int i = 0; i < steps.size(); i++) {
            access.append(i == steps.size() - 1 ? "->>'" : "->'")
                    .append(steps.get(i))
                    .append('\'');
        }
        return switch (path.scalar()) {
            case TEXT -> "((" + access + ") COLLATE \"C\")";
            case NUMBER -> "((" + access + ")::numeric)";
            case BOOLEAN -> "((" + access + ")::boolean)";
            case OTHER -> throw new IllegalArgumentException("not a scalar path: " + path.path());
        };
    }

    /** The lowest ({@code highest = false}) or highest text value of a {@link FieldPath.Shape#TEXT_LIST} path. */
    static String extreme(FieldPath path, boolean highest) {
        if (path.shape() != FieldPath.Shape.TEXT_LIST) {
            throw new IllegalArgumentException("not a list path: " + path.path());
        }
        StringBuilder jsonPath = new StringBuilder("$");
        for (String step : path.steps()) {
            jsonPath.append('.').append(step);
        }
        jsonPath.append("[*]");
        return "(" + (highest ? MAX_TEXT : MIN_TEXT) + "(doc, '" + jsonPath + "') COLLATE \"C\")";
    }

    /**
     * Where an SQL/JSON path starts: the value of the first key when the path has more, else the document.
     * Starting below the document lets a GIN index on that one value serve equality conditions.
     */
    static String container(FieldPath path) {
        return path.steps().size() > 1 ? "(doc->'" + sqlLiteralBody(path.head()) + "')" : "doc";
    }

    /** The lax SQL/JSON path from {@link #container} to the path's values, every key quoted. */
    static String jsonPath(FieldPath path) {
        List<String> steps = path.steps();
        StringBuilder out = new StringBuilder("$");
        for (int i = steps.size() > 1 ? 1 : 0; i < steps.size(); i++) {
            out.append('.').append(Json.write(steps.get(i)));
        }
        return out.toString();
    }

    /** A key inside an SQL string literal: quotes doubled. */
    static String sqlLiteralBody(String key) {
        return key.replace("'", "''");
    }
}
