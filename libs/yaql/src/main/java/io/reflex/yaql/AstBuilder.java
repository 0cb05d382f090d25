package io.reflex.yaql;

import io.reflex.yaql.grammar.YaqlBaseVisitor;
import io.reflex.yaql.grammar.YaqlLexer;
import io.reflex.yaql.grammar.YaqlParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/** The ANTLR parse tree of one expression to {@link Node}s. */
final class AstBuilder extends YaqlBaseVisitor<Node> {
    private final String source;

    AstBuilder(String source) {
        this.source = source;
    }

    @Override
    public Node visitStatement(YaqlParser.StatementContext ctx) {
        return visit(ctx.expr());
    }

    @Override
    public Node visitPrimaryExpr(YaqlParser.PrimaryExprContext ctx) {
        return visit(ctx.primary());
    }

    @Override
    public Node visitMemberExpr(YaqlParser.MemberExprContext ctx) {
        Node receiver = visit(ctx.expr());
        boolean safe = ctx.op.getType() == YaqlLexer.SAFE_DOT;
        int at = ctx.op.getStartIndex();
        if (ctx.member() instanceof YaqlParser.MethodMemberContext m) {
            return new Node.Method(receiver, funcName(m.FUNC()), args(m.args()), safe, at);
        }
        TerminalNode id = ((YaqlParser.NameMemberContext) ctx.member()).ID();
        return new Node.Attribute(receiver, keyword(id), safe, at);
    }

    @Override
    public Node visitIndexExpr(YaqlParser.IndexExprContext ctx) {
        return new Node.Index(
                visit(ctx.expr()), args(ctx.args()), ctx.LBRACKET().getSymbol().getStartIndex());
    }

    @Override
    public Node visitUnaryExpr(YaqlParser.UnaryExprContext ctx) {
        return new Node.Unary(ctx.op.getText(), visit(ctx.expr()), ctx.op.getStartIndex());
    }

    @Override
    public Node visitBinaryExpr(YaqlParser.BinaryExprContext ctx) {
        return new Node.Binary(ctx.op.getText(), visit(ctx.expr(0)), visit(ctx.expr(1)), ctx.op.getStartIndex());
    }

    @Override
    public Node visitNumberLiteral(YaqlParser.NumberLiteralContext ctx) {
        Token t = ctx.NUMBER().getSymbol();
        String text = t.getText();
        try {
            Object value = text.indexOf('.') >= 0 ? (Object) Double.parseDouble(text) : (Object) Long.parseLong(text);
            return new Node.Const(value, t.getStartIndex());
        } catch (NumberFormatException e) {
            throw new YaqlSyntaxException(
                    "Parse error: number '" + text + "' at position " + t.getStartIndex() + " is too large",
                    source,
                    t.getStartIndex());
        }
    }

    @Override
    public Node visitStringLiteral(YaqlParser.StringLiteralContext ctx) {
        Token t = ctx.getStart();
        String text = t.getText();
        String body = text.substring(1, text.length() - 1);
        String value = t.getType() == YaqlLexer.BQ_STRING ? body.replace("\\`", "`") : StringEscapes.decode(body);
        return new Node.Const(value, t.getStartIndex());
    }

    @Override
    public Node visitKeywordLiteral(YaqlParser.KeywordLiteralContext ctx) {
        Token t = ctx.getStart();
        Object value = switch (t.getType()) {
            case YaqlLexer.TRUE -> Boolean.TRUE;
            case YaqlLexer.FALSE -> Boolean.FALSE;
            default -> null;
        };
        return new Node.Const(value, t.getStartIndex());
    }

    @Override
    public Node visitVariable(YaqlParser.VariableContext ctx) {
        Token t = ctx.DOLLAR().getSymbol();
        String name = t.getText().substring(1);
        return new Node.Var(name.isEmpty() ? "1" : name, t.getStartIndex());
    }

    @Override
    public Node visitKeyword(YaqlParser.KeywordContext ctx) {
        return new Node.Keyword(keyword(ctx.ID()), ctx.ID().getSymbol().getStartIndex());
    }

    @Override
    public Node visitCall(YaqlParser.CallContext ctx) {
        return new Node.Call(
                funcName(ctx.FUNC()), args(ctx.args()), ctx.FUNC().getSymbol().getStartIndex());
    }

    @Override
    public Node visitParens(YaqlParser.ParensContext ctx) {
        return visit(ctx.expr());
    }

    @Override
    public Node visitListLiteral(YaqlParser.ListLiteralContext ctx) {
        return new Node.ListLiteral(args(ctx.args()), ctx.getStart().getStartIndex());
    }

    @Override
    public Node visitDictLiteral(YaqlParser.DictLiteralContext ctx) {
        return new Node.DictLiteral(args(ctx.args()), ctx.getStart().getStartIndex());
    }

    private List<Node.Arg> args(YaqlParser.ArgsContext ctx) {
        List<Node.Arg> out = new ArrayList<>(ctx.arg().size());
        for (YaqlParser.ArgContext a : ctx.arg()) {
            if (a instanceof YaqlParser.NamedArgContext n) {
                out.add(new Node.Arg(visit(n.expr(0)), visit(n.expr(1))));
            } else {
                out.add(new Node.Arg(null, visit(((YaqlParser.PositionalArgContext) a).expr())));
            }
        }
        return List.copyOf(out);
    }

    /** YAQL names may not start with two underscores: its lexer rejects the first one. */
    private String keyword(TerminalNode id) {
        String name = id.getText();
        if (name.startsWith("__")) {
            int at = id.getSymbol().getStartIndex();
            throw new YaqlSyntaxException("Lexical error: illegal character '_' at position " + at, source, at);
        }
        return name;
    }

    private static String funcName(TerminalNode func) {
        String text = func.getText();
        return text.substring(0, text.length() - 1);
    }
}
