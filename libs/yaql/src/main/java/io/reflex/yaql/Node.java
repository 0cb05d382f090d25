package io.reflex.yaql;

import java.util.List;

/** A parsed expression: pure data, evaluated by {@link Evaluation}. {@code position} is the 0-based source offset. */
sealed interface Node {
    int position();

    /** A literal: number, string, true, false or null. */
    record Const(Object value, int position) implements Node {}

    /** A bare name ({@code name} in {@code $.name}, {@code name => 1}, {@code ctx(name)}): evaluates to the name. */
    record Keyword(String name, int position) implements Node {}

    /** {@code $} or {@code $name}; {@code name} is "1" for {@code $}. */
    record Var(String name, int position) implements Node {}

    /** {@code name(args)}. */
    record Call(String name, List<Arg> args, int position) implements Node {}

    /** {@code receiver.name(args)}, or {@code receiver?.name(args)} when {@code safe}. */
    record Method(Node receiver, String name, List<Arg> args, boolean safe, int position) implements Node {}

    /** {@code receiver.name}: a dict's key, or that key of every dict in a list. */
    record Attribute(Node receiver, String name, boolean safe, int position) implements Node {}

    /** {@code target[args]}. */
    record Index(Node target, List<Arg> args, int position) implements Node {}

    /** {@code [args]}. */
    record ListLiteral(List<Arg> args, int position) implements Node {}

    /** {@code {key => value, ...}}. */
    record DictLiteral(List<Arg> args, int position) implements Node {}

    /** {@code left op right}; {@code and}, {@code or} and {@code ->} evaluate {@code right} only when needed. */
    record Binary(String op, Node left, Node right, int position) implements Node {}

    /** {@code op operand}: unary {@code +}, {@code -} or {@code not}. */
    record Unary(String op, Node operand, int position) implements Node {}

    /** A call argument: positional when {@code key} is null, else {@code key => value}. */
    record Arg(Node key, Node value) {
        boolean named() {
            return key != null;
        }
    }
}
