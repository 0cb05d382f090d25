package io.reflex.core.model;

import java.util.Optional;

/**
 * The one rule for content refs: {@code <pack>.<name>}, split at the FIRST dot. A pack ref never contains
 * a dot, a content name may ({@code slack.chat.postMessage} is pack {@code slack}, name
 * {@code chat.postMessage}; {@code core.st2.IntervalTimer} is pack {@code core}, name
 * {@code st2.IntervalTimer}). Every place that takes a ref apart goes through this class.
 */
public final class Refs {
    private Refs() {}

    /** A ref taken apart. */
    public record Ref(String pack, String name) {
        @Override
        public String toString() {
            return Refs.of(pack, name);
        }
    }

    /** {@code pack.name}. */
    public static String of(String pack, String name) {
        return pack + "." + name;
    }

    /** The pack and name of {@code ref}; empty when it has no dot or an empty part. */
    public static Optional<Ref> parse(String ref) {
        if (ref == null) {
            return Optional.empty();
        }
        int dot = ref.indexOf('.');
        if (dot <= 0 || dot == ref.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new Ref(ref.substring(0, dot), ref.substring(dot + 1)));
    }

    /** The pack part of {@code ref}, or the whole text when it has no dot. */
    public static String pack(String ref) {
        int dot = ref.indexOf('.');
        return dot < 0 ? ref : ref.substring(0, dot);
    }

    /** The name part of {@code ref} (everything after the first dot), or the whole text when it has no dot. */
    public static String name(String ref) {
        int dot = ref.indexOf('.');
        return dot < 0 ? ref : ref.substring(dot + 1);
    }
}
