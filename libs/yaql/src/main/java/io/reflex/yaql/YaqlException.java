package io.reflex.yaql;

/** Any failure to parse or evaluate a YAQL expression. The message is meant for the workflow author. */
public abstract class YaqlException extends RuntimeException {
    YaqlException(String message) {
        super(message, null, false, false);
    }
}
