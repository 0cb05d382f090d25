package io.reflex.templates;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.DefaultFilter;
import java.util.Map;

/** Jinja2's {@code default}: without an argument the default value is the empty string. */
final class PyDefaultFilter extends DefaultFilter {
    private final String name;

    PyDefaultFilter(String name) {
        this.name = name;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        if (args.length == 0 && !kwargs.containsKey(DEFAULT_VALUE_PARAM)) {
            return super.filter(var, interpreter, new Object[] {""}, kwargs);
        }
        return super.filter(var, interpreter, args, kwargs);
    }
}
