package io.reflex.orquesta;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.el.ExtendedSyntaxBuilder;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import io.reflex.templates.Templates;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import jinjava.de.odysseus.el.tree.TreeBuilderException;

/**
 * Jinja syntax as orquesta checks it: the whole text must parse as a template (blocks closed, tags known,
 * every expression well-formed), and then each {@code {{ }}} expression on its own. The parser is
 * Jinjava's, so messages are Jinjava's words for what Jinja reports. Only parses: nothing is evaluated.
 * String literals are read with Jinja2's escapes first, as the renderer reads them.
 */
public final class JinjaLanguage implements ExpressionLanguage {
    private static final Pattern EXPRESSION = Pattern.compile(Expressions.JINJA_EXPRESSION);
    private static final Pattern BLOCK = Pattern.compile(Expressions.JINJA_BLOCK);

    private final Jinjava jinjava = new Jinjava();

    @Override
    public String type() {
        return "jinja";
    }

    @Override
    public List<String> expressions(String text) {
        return Expressions.findAll(EXPRESSION, text);
    }

    @Override
    public String inner(String expression) {
        return Expressions.stripDelimiter(expression, "{}");
    }

    @Override
    public boolean appliesTo(String text) {
        return EXPRESSION.matcher(text).find() || BLOCK.matcher(text).find();
    }

    @Override
    public List<ExpressionError> check(String text) {
        List<ExpressionError> errors = new ArrayList<>();
        template(text).ifPresent(message -> errors.add(new ExpressionError(text, message)));
        for (String expression : expressions(text)) {
            if (errors.stream().anyMatch(e -> e.expression().equals(expression))) {
                continue;
            }
            expression(inner(expression)).ifPresent(message -> errors.add(new ExpressionError(expression, message)));
        }
        return errors;
    }

    /** The first error of {@code text} as a template: its structure, then its expressions. */
    private Optional<String> template(String text) {
        JinjavaInterpreter interpreter = jinjava.newInterpreter();
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            interpreter.parse(Templates.parsedSource(text));
        } catch (RuntimeException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        } finally {
            JinjavaInterpreter.popCurrent();
        }
        for (TemplateError e : interpreter.getErrors()) {
            if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
                return Optional.of(e.getMessage());
            }
        }
        for (String expression : expressions(text)) {
            Optional<String> error = expression(inner(expression));
            if (error.isPresent()) {
                return error;
            }
        }
        return Optional.empty();
    }

    /** Why {@code expression} (without delimiters) is no Jinja expression, if it is none. */
    static Optional<String> expression(String expression) {
        if (expression.isBlank()) {
            return Optional.of("Expected an expression, got 'end of print statement'");
        }
        String source = Templates.parsedSource("{{" + expression + "}}");
        try {
            new ExtendedSyntaxBuilder().build("#{" + source.substring(2, source.length() - 2) + "}");
            return Optional.empty();
        } catch (TreeBuilderException e) {
            return Optional.of("syntax error at position " + Math.max(0, e.getPosition() - 2) + " of expression '"
                    + expression + "': encountered " + e.getEncountered() + ", expected " + e.getExpected());
        } catch (RuntimeException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }
}
