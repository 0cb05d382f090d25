package io.reflex.templates;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.FormatFilter;
import java.util.Collection;
import java.util.Map;

/**
 * Jinja2's {@code format}: Jinjava's printf-style formatting, with booleans, None and containers given as
 * Python writes them ({@code '%s' | format(true)} is {@code True}).
 */
final class PyFormatFilter extends FormatFilter {
    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        Object[] py = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            py[i] = a == null || a instanceof Boolean || a instanceof Map<?, ?> || a instanceof Collection<?>
                    ? PyText.str(a)
                    : a;
        }
        return super.filter(var, interpreter, py, kwargs);
    }
}
