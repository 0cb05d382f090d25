package io.reflex.templates;

import com.hubspot.jinjava.lib.filter.Filter;
import java.beans.FeatureDescriptor;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Jinjava's property and method resolver with the render's {@link RenderBudget} in the way: every property
 * read and every call (Java method or filter) first checks the deadline and stop signal; a call that would
 * build a string longer than {@code templates.max_output_bytes} is refused before it allocates it
 * ({@link OutputEstimate}), and a call whose result is still too big (a string past the limit, a collection
 * past its item bound) ends the render. A read of a name or key that does not exist is noted in
 * {@link UndefinedNames}.
 */
final class BoundedResolver extends ELResolver {
    /** Jinja2's literals for None, which Jinjava reads as variable names. */
    static final Set<String> NONE_NAMES = Set.of("none", "None");

    private final ELResolver delegate;

    BoundedResolver(ELResolver delegate) {
        this.delegate = delegate;
    }

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        RenderBudget budget = RenderBudget.current();
        if (budget == null) {
            return delegate.invoke(context, base, method, paramTypes, params);
        }
        budget.check();
        String name = base instanceof Filter f ? f.getName() : String.valueOf(method);
        if (OutputEstimate.exceeds(
                base instanceof Filter, base, name, params, budget.limits().maxOutputBytes())) {
            throw budget.exceeded(TemplateLimits.MAX_OUTPUT_BYTES);
        }
        Object result = delegate.invoke(context, base, method, paramTypes, params);
        checkSize(result, budget);
        return result;
    }

    private static void checkSize(Object result, RenderBudget budget) {
        TemplateLimits limits = budget.limits();
        if (result instanceof CharSequence s && s.length() > limits.maxOutputBytes()) {
            throw budget.exceeded(TemplateLimits.MAX_OUTPUT_BYTES);
        }
        int size = result instanceof Collection<?> c ? c.size() : result instanceof Map<?, ?> m ? m.size() : 0;
        if (size > limits.maxCollectionSize()) {
            throw budget.exceeded(TemplateLimits.MAX_OUTPUT_BYTES);
        }
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        RenderBudget budget = RenderBudget.current();
        if (budget != null) {
            budget.check();
        }
        Object value = delegate.getValue(context, base, property);
        if (value == null && !defined(base, property)) {
            UndefinedNames.current().missing(String.valueOf(property));
        }
        return value;
    }

    /** Whether a null read is a name or key that exists (Jinja2's None) rather than an undefined one. */
    private static boolean defined(Object base, Object property) {
        if (base instanceof Map<?, ?> m) {
            return m.containsKey(property) || m.containsKey(String.valueOf(property));
        }
        return true;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return delegate.getCommonPropertyType(context, base);
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return delegate.getFeatureDescriptors(context, base);
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return delegate.getType(context, base, property);
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return delegate.isReadOnly(context, base, property);
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        delegate.setValue(context, base, property, value);
    }
}
