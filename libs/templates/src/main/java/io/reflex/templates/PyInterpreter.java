package io.reflex.templates;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.InterpreterFactory;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.util.ScopeMap;

/**
 * A Jinjava interpreter that behaves as Jinja2 with {@code StrictUndefined}: expression values are written
 * the way Jinja2 does ({@link PyText#str}, so a JSON null prints {@code None}), and an expression whose value
 * is null because it read a name or key that does not exist is an error naming it ({@link UndefinedNames}).
 */
final class PyInterpreter extends JinjavaInterpreter {
    PyInterpreter(Jinjava jinjava, Context context, JinjavaConfig config) {
        super(jinjava, context, config);
    }

    PyInterpreter(JinjavaInterpreter parent) {
        super(parent);
    }

    @Override
    public String getAsString(Object value) {
        return PyText.str(value);
    }

    @Override
    public Object resolveELExpression(String expression, int lineNumber) {
        return strict(expression, lineNumber, 0, () -> super.resolveELExpression(expression, lineNumber));
    }

    @Override
    public Object resolveELExpression(String expression, int lineNumber, int position) {
        return strict(
                expression, lineNumber, position, () -> super.resolveELExpression(expression, lineNumber, position));
    }

    @Override
    public Object retraceVariable(String variable, int lineNumber, int startPosition) {
        Object value = super.retraceVariable(variable, lineNumber, startPosition);
        if (value == null && !BoundedResolver.NONE_NAMES.contains(variable) && !holdsNone(variable)) {
            UndefinedNames.current().missing(variable);
        }
        return value;
    }

    /** Whether a scope of this render binds {@code name} to None (a null value). */
    private boolean holdsNone(String name) {
        for (ScopeMap<String, Object> scope = getContext(); scope != null; scope = scope.getParent()) {
            if (scope.getScope().containsKey(name)) {
                return true;
            }
        }
        return false;
    }

    private Object strict(String expression, int line, int position, java.util.function.Supplier<Object> resolve) {
        UndefinedNames undefined = UndefinedNames.current();
        long before = undefined.count();
        Object value = resolve.get();
        if (value == null && undefined.count() != before) {
            String message = "'" + undefined.last() + "' is undefined";
            addError(TemplateError.fromException(new InterpretException(message, line, position), line, position));
        }
        return value;
    }

    /** Makes every interpreter of a {@link Jinjava} a {@link PyInterpreter}. */
    static final class Factory implements InterpreterFactory {
        @Override
        public JinjavaInterpreter newInstance(JinjavaInterpreter parent) {
            return new PyInterpreter(parent);
        }

        @Override
        public JinjavaInterpreter newInstance(Jinjava jinjava, Context context, JinjavaConfig config) {
            return new PyInterpreter(jinjava, context, config);
        }
    }
}
