package io.reflex.orquesta;

import io.reflex.yaql.Yaql;
import io.reflex.yaql.YaqlException;
import io.reflex.yaql.YaqlLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * YAQL syntax as orquesta checks it: each {@code <% %>} expression must parse. Parse errors read as YAQL's own
 * ({@code Parse error: unexpected '<' at position 0 of expression '<% succeeded()'}). Only parses.
 */
public final class YaqlLanguage implements ExpressionLanguage {
    private static final Pattern EXPRESSION = Pattern.compile(Expressions.YAQL_EXPRESSION);

    private final Yaql yaql;

    public YaqlLanguage(Yaql yaql) {
        this.yaql = Objects.requireNonNull(yaql, "yaql");
    }

    /** With YAQL's standard library and default limits (parsing is bounded by the nesting limit). */
    public static YaqlLanguage standard() {
        return new YaqlLanguage(Yaql.standard(YaqlLimits.DEFAULTS));
    }

    @Override
    public String type() {
        return "yaql";
    }

    @Override
    public List<String> expressions(String text) {
        return Expressions.findAll(EXPRESSION, text);
    }

    @Override
    public String inner(String expression) {
        return Expressions.stripDelimiter(expression, "<%>");
    }

    @Override
    public List<ExpressionError> check(String text) {
        List<ExpressionError> errors = new ArrayList<>();
        for (String expression : expressions(text)) {
            try {
                yaql.parse(inner(expression));
            } catch (YaqlException | IllegalArgumentException e) {
                errors.add(new ExpressionError(expression, String.valueOf(e.getMessage())));
            }
        }
        return errors;
    }
}
