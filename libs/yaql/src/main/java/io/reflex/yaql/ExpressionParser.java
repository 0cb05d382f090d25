package io.reflex.yaql;

import io.reflex.yaql.grammar.YaqlLexer;
import io.reflex.yaql.grammar.YaqlParser;
import java.util.List;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/** Text to {@link Node}: ANTLR lexes and parses, {@link AstBuilder} turns the tree into nodes. */
final class ExpressionParser {
    private ExpressionParser() {}

    static Node parse(String expression, int maxNesting) {
        YaqlLexer lexer = new YaqlLexer(CharStreams.fromString(expression));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        Token illegal = checkTokens(expression, tokens.getTokens(), maxNesting);
        try {
            if (illegal != null) {
                // YAQL lexes as its parser reads, so a token the parser cannot take before the illegal character
                // is the error it reports
                try {
                    statement(expression, tokens);
                } catch (YaqlSyntaxException e) {
                    if (e.position() < illegal.getStartIndex()) {
                        throw e;
                    }
                }
                throw new YaqlSyntaxException(
                        "Lexical error: illegal character '" + illegal.getText() + "' at position "
                                + illegal.getStartIndex(),
                        expression,
                        illegal.getStartIndex());
            }
            return new AstBuilder(expression).visit(statement(expression, tokens));
        } catch (StackOverflowError e) {
            throw new YaqlSyntaxException("Parse error: expression is nested too deeply", expression, 0);
        }
    }

    /** Fast SLL prediction first; only an expression it cannot parse is parsed again with full LL for the error. */
    private static YaqlParser.StatementContext statement(String expression, CommonTokenStream tokens) {
        YaqlParser parser = new YaqlParser(tokens);
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            return parser.statement();
        } catch (ParseCancellationException sllFailed) {
            tokens.seek(0);
            parser.reset();
            parser.setErrorHandler(new DefaultErrorStrategy());
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            parser.addErrorListener(new BaseErrorListener() {
                @Override
                public void syntaxError(
                        Recognizer<?, ?> recognizer,
                        Object offending,
                        int line,
                        int col,
                        String msg,
                        RecognitionException e) {
                    throw unexpected(expression, (Token) offending);
                }
            });
            return parser.statement();
        }
    }

    /** Nesting deeper than the limit fails before the parser recurses into it; returns the first illegal character. */
    private static Token checkTokens(String expression, List<Token> tokens, int maxNesting) {
        int depth = 0;
        Token illegal = null;
        for (Token t : tokens) {
            switch (t.getType()) {
                case YaqlLexer.ILLEGAL -> illegal = illegal == null ? t : illegal;
                case YaqlLexer.FUNC, YaqlLexer.LPAREN, YaqlLexer.LBRACKET, YaqlLexer.LBRACE -> {
                    if (++depth > maxNesting) {
                        throw new YaqlSyntaxException(
                                "Parse error: brackets nested deeper than " + maxNesting + " at position "
                                        + t.getStartIndex() + " of expression '" + expression + "' ("
                                        + YaqlLimits.MAX_DEPTH + ")",
                                expression,
                                t.getStartIndex());
                    }
                }
                case YaqlLexer.RPAREN, YaqlLexer.RBRACKET, YaqlLexer.RBRACE -> depth--;
                default -> {}
            }
        }
        return illegal;
    }

    static YaqlSyntaxException unexpected(String expression, Token token) {
        if (token == null || token.getType() == Token.EOF) {
            return new YaqlSyntaxException("Parse error: unexpected end of statement", expression, expression.length());
        }
        return new YaqlSyntaxException(
                "Parse error: unexpected '" + tokenValue(token) + "' at position " + token.getStartIndex()
                        + " of expression '" + expression + "'",
                expression,
                token.getStartIndex());
    }

    /** The token as YAQL's own parser names it: a call without its parenthesis, a string without quotes. */
    private static String tokenValue(Token token) {
        String text = token.getText();
        return switch (token.getType()) {
            case YaqlLexer.FUNC -> text.substring(0, text.length() - 1);
            case YaqlLexer.SQ_STRING, YaqlLexer.DQ_STRING, YaqlLexer.BQ_STRING -> text.substring(1, text.length() - 1);
            default -> text;
        };
    }
}
