package io.reflex.core.model;

import java.util.Optional;

/**
 * The one rule every resource name obeys (actions, rules, triggers, trigger types, sensors, aliases,
 * policies, packs, datastore keys, API key users, webhooks), on every create and update path: at most
 * {@link #MAX_LENGTH} characters and no control characters (C0, DEL, C1, and the Unicode line and paragraph
 * separators), so that a name cannot forge log lines, break a terminal or table, or fill the store.
 * Kinds add their own rules on top (e.g. no '.' in a pack ref, see {@link Refs}).
 */
public final class Names {
    /** The longest name: generous for people, small enough for logs, indexes and URLs. */
    public static final int MAX_LENGTH = 255;

    private Names() {}

    /**
     * What is wrong with {@code value} as the name held in {@code field}, as a sentence naming the field;
     * empty when it is a good name (or null: whether a name is required is the caller's rule).
     */
    public static Optional<String> problem(String field, String value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.length() > MAX_LENGTH) {
            return Optional.of("field '" + field + "': is " + value.length() + " characters long, at most " + MAX_LENGTH
                    + " are allowed");
        }
        return controlCharacter(field, value);
    }

    /**
     * The control-character half of {@link #problem}, for values that are not names themselves but hold
     * them (a ref, an id or a path in a URL).
     */
    public static Optional<String> controlCharacter(String field, String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isControl(c)) {
                return Optional.of("field '" + field + "': must not contain control characters (found "
                        + String.format("U+%04X", (int) c) + " at position " + i + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * {@code value} when it is a good name.
     *
     * @throws IllegalArgumentException the {@link #problem} (an API answers it with 400)
     */
    public static String check(String field, String value) {
        problem(field, value).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        return value;
    }

    /** C0 controls, DEL, C1 controls, U+2028 and U+2029. */
    static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
    }
}
