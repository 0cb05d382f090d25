package io.reflex.yaql;

import java.util.Iterator;
import java.util.function.LongFunction;

/**
 * An endless sequence ({@code sequence()}, {@code repeat()}, {@code cycle()}): only functions that stop early
 * ({@code take}, {@code first}, {@code takeWhile}, ...) finish on it; anything that collects all of it hits the
 * collection-size limit.
 */
final class Generated implements Iterable<Object> {
    private final LongFunction<Object> item;

    Generated(LongFunction<Object> item) {
        this.item = item;
    }

    @Override
    public Iterator<Object> iterator() {
        return new Iterator<>() {
            private long i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Object next() {
                return item.apply(i++);
            }
        };
    }
}
