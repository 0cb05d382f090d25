package io.reflex.templates;

/**
 * The names a render looked up that do not exist, as Jinja2's {@code StrictUndefined} sees them: a variable
 * that is not in the context, or a key a dict does not have. A name holding {@code None} (a JSON null) is
 * defined. Jinjava represents both as null, so the resolver notes each missing lookup here and the
 * interpreter fails an expression whose value is null only when a missing name produced it. Per thread: one
 * render runs on one thread.
 */
final class UndefinedNames {
    private static final ThreadLocal<UndefinedNames> CURRENT = ThreadLocal.withInitial(UndefinedNames::new);

    private long count;
    private String last;

    private UndefinedNames() {}

    static UndefinedNames current() {
        return CURRENT.get();
    }

    void missing(String name) {
        count++;
        last = name;
    }

    /** How many missing lookups this thread has made; compare two readings to know if any happened between. */
    long count() {
        return count;
    }

    /** The name of the latest missing lookup. */
    String last() {
        return last;
    }
}
