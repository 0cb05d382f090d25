package io.reflex.yaql;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strings with {@code <% expression %>} blocks, evaluated as orquesta does: a string that is exactly one block
 * yields the expression's value as it is (a list stays a list); otherwise each block is replaced by Python's
 * {@code str()} of its value ({@code None}, {@code True}, {@code ['a', 1]}). A string result that itself holds
 * blocks is evaluated again, at most {@link YaqlLimits#maxDepth()} times. A block does not span lines. Thread-safe.
 */
public final class YaqlTemplates {
    private static final Pattern BLOCK = Pattern.compile("<%.*?%>");

    private final Yaql yaql;

    public YaqlTemplates(Yaql yaql) {
        this.yaql = Objects.requireNonNull(yaql, "yaql");
    }

    /** Whether {@code text} holds at least one {@code <% %>} block. */
    public boolean hasExpressions(String text) {
        return BLOCK.matcher(text).find();
    }

    /** The blocks of {@code text}, in order. */
    public List<Block> blocks(String text) {
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String block = m.group();
            out.add(new Block(block, block.substring(2, block.length() - 2).strip(), m.start()));
        }
        return out;
    }

    /** The syntax errors of the blocks of {@code text}, in order; empty when every block parses. */
    public List<BlockError> validate(String text) {
        List<BlockError> out = new ArrayList<>();
        for (Block b : blocks(text)) {
            try {
                yaql.parse(b.expression());
            } catch (YaqlSyntaxException e) {
                out.add(new BlockError(b, e));
            }
        }
        return out;
    }

    /**
     * Evaluates every block of {@code text} in {@code context}; a text without blocks is returned as it is.
     *
     * @throws YaqlEvaluationException a block failed; the message is orquesta's ({@code Unable to evaluate
     *     expression '<% $.x %>'. NoMatchingMethodException: ...}, {@code Unable to resolve key 'x' in expression
     *     '<% $.x %>' from context.}) and {@link YaqlEvaluationException#errorType()} the failure's
     */
    public Object evaluate(String text, YaqlContext context) {
        return evaluate(text, context, 0);
    }

    private Object evaluate(String text, YaqlContext context, int depth) {
        List<Block> blocks = blocks(text);
        if (blocks.isEmpty()) {
            return text;
        }
        if (depth >= yaql.limits().maxDepth()) {
            throw new YaqlLimitException(YaqlLimits.MAX_DEPTH, yaql.limits().exceeded(YaqlLimits.MAX_DEPTH));
        }
        Object output = text;
        for (Block b : blocks) {
            Object result = evaluate(b, context);
            if (result instanceof String s) {
                result = evaluate(s, context, depth + 1);
            }
            if (blocks.size() > 1 || text.length() > b.text().length()) {
                String replaced = ((String) output).replace(b.text(), YaqlValues.pythonStr(result));
                if (replaced.length() > yaql.limits().maxStringLength()) {
                    throw new YaqlLimitException(
                            YaqlLimits.MAX_STRING_LENGTH, yaql.limits().exceeded(YaqlLimits.MAX_STRING_LENGTH));
                }
                output = replaced;
            } else {
                output = result;
            }
        }
        return output;
    }

    private Object evaluate(Block b, YaqlContext context) {
        try {
            return yaql.parse(b.expression()).evaluate(context);
        } catch (YaqlSyntaxException e) {
            String type = e.getMessage().startsWith("Lexical") ? "YaqlLexicalException" : "YaqlGrammarException";
            throw failed(b, type, e.getMessage());
        } catch (YaqlLimitException e) {
            throw e;
        } catch (YaqlEvaluationException e) {
            if (e.errorType().equals("KeyError")) {
                throw new YaqlEvaluationException(
                        "KeyError",
                        "Unable to resolve key '" + strip(e.getMessage()) + "' in expression '" + b.text()
                                + "' from context.");
            }
            throw failed(b, e.errorType(), e.getMessage());
        }
    }

    private static YaqlEvaluationException failed(Block b, String type, String message) {
        return new YaqlEvaluationException(
                type, "Unable to evaluate expression '" + b.text() + "'. " + type + ": " + strip(message));
    }

    /** Python's {@code str.strip("'")}, as orquesta applies it to messages. */
    private static String strip(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == '\'') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == '\'') {
            to--;
        }
        return s.substring(from, to);
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
