package io.reflex.bench;

/** The two workloads of {@code bin/bench compare}: a webhook whose work is nothing, or running {@code true}. */
enum CompareWorkload {
    NOOP("noop", "webhook → noop"),
    SHELL("shell", "webhook → shell `true`");

    /** Used in webhook paths, workflow names and rule names. */
    final String slug;

    final String label;

    CompareWorkload(String slug, String label) {
        this.slug = slug;
        this.label = label;
    }
}
