package io.reflex.templates;

/**
 * A render was stopped from outside: its {@link RenderScope} asked it to stop (a canceled execution), the
 * scope's deadline passed (an execution's timeout), or its thread was interrupted.
 */
public class RenderStoppedException extends TemplateException {
    public RenderStoppedException(String message) {
        super(message);
    }
}
