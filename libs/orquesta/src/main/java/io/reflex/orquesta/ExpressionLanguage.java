package io.reflex.orquesta;

import java.util.List;

/**
 * One expression language of orquesta workflows: YAQL ({@code <% %>}) or Jinja ({@code {{ }}}). Both are
 * found in text by orquesta's delimiters, one line at a time: an expression spanning lines is not one.
 * Implementations are stateless and thread-safe; nothing here evaluates an expression.
 */
public interface ExpressionLanguage {
    /** orquesta's name of the language, which errors carry: {@code yaql} or {@code jinja}. */
    String type();

    /** The expressions of this language in {@code text}, delimiters included, in the order written. */
    List<String> expressions(String text);

    /**
     * {@code expression} without its delimiters, as orquesta strips them: every delimiter character at
     * either end goes, then surrounding white space ({@code <% <% x %>} becomes {@code <% x}).
     */
    String inner(String expression);

    /** Whether {@code text} holds anything of this language (for Jinja also a {@code {% %}} block). */
    default boolean appliesTo(String text) {
        return !expressions(text).isEmpty();
    }

    /**
     * The syntax errors in {@code text}, each naming the expression as written (or the whole text, for an
     * error of its structure) and the parser's message; empty when everything parses. Never throws.
     */
    List<ExpressionError> check(String text);

    /**
     * The context variables {@code text} reads, as orquesta finds them: {@code ctx(name)}, {@code ctx('name')},
     * {@code ctx("name")} and {@code ctx().name}, distinct and sorted. {@code $} and other names are not
     * context references (in YAQL {@code $} is the current value of a {@code select} or {@code where}).
     */
    default List<String> variablesReferenced(String text) {
        return ContextReferences.names(this, text);
    }
}
