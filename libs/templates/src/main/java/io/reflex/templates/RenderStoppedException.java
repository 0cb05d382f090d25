package io.reflex.templates;

/**
 * A render was stopped from outside: its {@link Templates.RenderScope} asked it to stop (a canceled execution),
 * the scope's deadline passed (an execution's timeout), or its thread was interrupted.
 */
public class RenderStoppedException extends TemplateException {
    private final boolean deadline;

    public RenderStoppedException(String message, boolean deadline) {
        super(message);
        this.deadline = deadline;
    }

    /** Whether the scope's deadline passed (rather than a stop request or an interrupt). */
    public boolean deadline() {
        return deadline;
    }
}
