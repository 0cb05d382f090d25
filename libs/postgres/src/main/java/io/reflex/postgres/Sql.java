package io.reflex.postgres;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL text with its bind parameters, built piece by piece. Values only ever enter as parameters
 * ({@link #param}); the text holds keywords, table and column names, and document keys that were checked
 * to be identifiers ({@link FieldPath}).
 */
final class Sql {
    /** A parameter the server reads as {@code jsonb} or {@code jsonpath}: bound as text, cast in the SQL. */
    record Typed(String text, String type) {}

    private final StringBuilder text = new StringBuilder(128);
    private final List<Object> params = new ArrayList<>();

    Sql append(String fragment) {
        text.append(fragment);
        return this;
    }

    /** Appends a placeholder for {@code value}: a String, BigDecimal, Boolean, Integer, Long or {@link Typed}. */
    Sql param(Object value) {
        if (value instanceof Typed typed) {
            text.append("?::").append(typed.type());
        } else {
            text.append('?');
        }
        params.add(value);
        return this;
    }

    Sql jsonb(String json) {
        return param(new Typed(json, "jsonb"));
    }

    Sql jsonpath(String path) {
        return param(new Typed(path, "jsonpath"));
    }

    String text() {
        return text.toString();
    }

    List<Object> params() {
        return List.copyOf(params);
    }

    void bind(PreparedStatement statement) throws SQLException {
        bind(statement, params);
    }

    static void bind(PreparedStatement statement, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            int at = i + 1;
            switch (values.get(i)) {
                case Typed typed -> statement.setString(at, typed.text());
                case String s -> statement.setString(at, s);
                case BigDecimal d -> statement.setBigDecimal(at, d);
                case Boolean b -> statement.setBoolean(at, b);
                case Integer n -> statement.setInt(at, n);
                case Long n -> statement.setLong(at, n);
                case null -> throw new IllegalArgumentException("null bind parameter at " + at);
                default ->
                    throw new IllegalArgumentException("unsupported bind parameter "
                            + values.get(i).getClass().getName());
            }
        }
    }

    @Override
    public String toString() {
        return text + " " + params;
    }
}
