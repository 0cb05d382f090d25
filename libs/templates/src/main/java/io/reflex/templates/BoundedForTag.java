package io.reflex.templates;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.tag.ForTag;
import com.hubspot.jinjava.tree.TagNode;
import java.util.AbstractCollection;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Jinja's {@code for}, with every iteration counted against the render's {@link RenderBudget}: the loop
 * walks the same items as before (same {@code loop.length}, same order), through an iterator that charges
 * one iteration per item and checks the deadline and stop signal.
 */
final class BoundedForTag extends ForTag {
    @Override
    public String renderForCollection(
            TagNode tagNode, JinjavaInterpreter interpreter, List<String> loopVars, Object collection) {
        RenderBudget budget = RenderBudget.current();
        return super.renderForCollection(
                tagNode, interpreter, loopVars, budget == null ? collection : counted(collection, budget, interpreter));
    }

    /** {@code items} as the loop would iterate them, each item charged to {@code budget}. */
    static Object counted(Object items, RenderBudget budget, JinjavaInterpreter interpreter) {
        if (items instanceof Map<?, ?> map) {
            boolean keys = interpreter.getConfig().getLegacyOverrides().isIterateOverMapKeys();
            return new Counted(keys ? map.keySet() : map.values(), budget);
        }
        if (items instanceof Collection<?> c) {
            return new Counted(c, budget);
        }
        if (items instanceof Object[] array) {
            return new Counted(Arrays.asList(array), budget);
        }
        if (items instanceof Iterable<?> it) {
            return (Iterable<Object>) () -> new CountingIterator(it.iterator(), budget);
        }
        if (items instanceof Iterator<?> it) {
            return new CountingIterator(it, budget);
        }
        budget.iteration();
        return items;
    }

    /** The items of a collection of known size (so {@code loop.length} and {@code loop.last} work). */
    private static final class Counted extends AbstractCollection<Object> {
        private final Collection<?> items;
        private final RenderBudget budget;

        Counted(Collection<?> items, RenderBudget budget) {
            this.items = items;
            this.budget = budget;
        }

        @Override
        public Iterator<Object> iterator() {
            return new CountingIterator(items.iterator(), budget);
        }

        @Override
        public int size() {
            return items.size();
        }
    }

    private record CountingIterator(Iterator<?> items, RenderBudget budget) implements Iterator<Object> {
        @Override
        public boolean hasNext() {
            return items.hasNext();
        }

        @Override
        public Object next() {
            budget.iteration();
            return items.next();
        }
    }
}
