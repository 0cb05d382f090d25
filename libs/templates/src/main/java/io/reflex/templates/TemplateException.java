package io.reflex.templates;

/** A template could not be rendered; the message says which template and why (undefined name, syntax...). */
public class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
