package io.reflex.templates;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.el.ExtendedSyntaxBuilder;
import com.hubspot.jinjava.el.TruthyTypeConverter;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import jinjava.de.odysseus.el.ExpressionFactoryImpl;
import jinjava.de.odysseus.el.tree.TreeBuilder;
import jinjava.javax.el.ExpressionFactory;

/**
 * Jinjava whose expressions turn values into text as Python's {@code str()} does wherever an operator needs
 * text: {@code 'x' ~ true} is {@code xTrue}, {@code 'x' ~ {'a': 1}} is {@code x{'a': 1}}, as in Jinja2.
 */
final class PyJinjava extends Jinjava {
    private final ExpressionFactory expressions;

    PyJinjava(JinjavaConfig config) {
        super(config);
        Properties properties = new Properties();
        properties.setProperty(TreeBuilder.class.getName(), ExtendedSyntaxBuilder.class.getName());
        this.expressions = new ExpressionFactoryImpl(properties, new PyTypeConverter());
    }

    @Override
    public ExpressionFactory getExpressionFactory() {
        return expressions;
    }

    /** Jinjava's truthiness and number conversions, with Python's text of booleans, floats and containers. */
    static final class PyTypeConverter extends TruthyTypeConverter {
        private static final long serialVersionUID = 1L;

        @Override
        protected String coerceToString(Object value) {
            if (value instanceof Boolean
                    || value instanceof Double
                    || value instanceof Float
                    || value instanceof Map<?, ?>
                    || value instanceof Collection<?>) {
                return PyText.str(value);
            }
            return super.coerceToString(value);
        }
    }
}
