package io.reflex.templates;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;

/** A filter given as a name and a function of (value, arguments). */
final class SimpleFilter implements Filter {
    @FunctionalInterface
    interface Fn {
        Object apply(Object value, String[] args) throws Exception;
    }

    private final String name;
    private final Fn fn;

    SimpleFilter(String name, Fn fn) {
        this.name = name;
        this.fn = fn;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        try {
            return fn.apply(var, args);
        } catch (TemplateException e) {
            throw e;
        } catch (Exception e) {
            throw new TemplateException("filter " + name + ": " + e.getMessage(), e);
        }
    }

    static String arg(String[] args, int i, String fallback) {
        return args.length > i && args[i] != null ? args[i] : fallback;
    }
}
