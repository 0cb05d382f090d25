package io.reflex.templates;

/** A render exceeded one of its {@link TemplateLimits}; the message names the configuration key and its value. */
public class TemplateLimitException extends TemplateException {
    public TemplateLimitException(String message) {
        super(message);
    }
}
