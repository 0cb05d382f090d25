package io.reflex.yaql;

import java.util.List;
import java.util.Objects;

/**
 * Strings with {@code <% expression %>} blocks, evaluated as orquesta does: a string that is exactly one block
 * yields the expression's value as it is (a list stays a list); otherwise each block is replaced by Python's
 * {@code str()} of its value. A block does not span lines.
 */
public final class YaqlTemplates {
    private final Yaql yaql;

    public YaqlTemplates(Yaql yaql) {
        this.yaql = Objects.requireNonNull(yaql, "yaql");
    }

    /** Whether {@code text} holds at least one {@code <% %>} block. */
    public boolean hasExpressions(String text) {
        throw new UnsupportedOperationException("in progress");
    }

    /** The blocks of {@code text}, in order. */
    public List<Block> blocks(String text) {
        throw new UnsupportedOperationException("in progress");
    }

    /** The syntax errors of every block of {@code text}, in order; empty when all parse. */
    public List<BlockError> validate(String text) {
        throw new UnsupportedOperationException("in progress");
    }

    /** Evaluates every block of {@code text} in {@code context}; a text without blocks is returned as it is. */
    public Object evaluate(String text, YaqlContext context) {
        throw new UnsupportedOperationException("in progress");
    }

    /**
     * One {@code <% %>} block.
     *
     * @param text the block with its delimiters, as orquesta reports it ({@code <% $.x %>})
     * @param expression the expression inside, trimmed
     * @param offset 0-based offset of the block in the string
     */
    public record Block(String text, String expression, int offset) {}

    /**
     * A block that does not parse.
     *
     * @param block the block
     * @param error its syntax error; {@link YaqlSyntaxException#position()} is within {@code block.expression()}
     */
    public record BlockError(Block block, YaqlSyntaxException error) {}
}
