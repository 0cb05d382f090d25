package io.reflex.yaql;

/**
 * An expression that is not YAQL. The message reads as YAQL's own ({@code Parse error: unexpected 'x' at position
 * 4 of expression '...'}, {@code Lexical error: illegal character '#' at position 2}, {@code Parse error: unexpected
 * end of statement}).
 */
public final class YaqlSyntaxException extends YaqlException {
    private final String expression;
    private final int position;

    YaqlSyntaxException(String message, String expression, int position) {
        super(message);
        this.expression = expression;
        this.position = position;
    }

    /** The expression as given to {@link Yaql#parse}. */
    public String expression() {
        return expression;
    }

    /** 0-based offset in {@link #expression()} of the offending character or token; its length at the end. */
    public int position() {
        return position;
    }
}
