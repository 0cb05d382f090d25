package io.reflex.templates;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpreterFactory;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;

/** A Jinjava interpreter that writes expression values the way Jinja2 does ({@link PyText#str}). */
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
