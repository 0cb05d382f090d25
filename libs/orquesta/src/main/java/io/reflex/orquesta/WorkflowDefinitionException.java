package io.reflex.orquesta;

/** The text is no workflow definition at all (empty, or not a mapping): nothing can be inspected. */
public final class WorkflowDefinitionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WorkflowDefinitionException(String message) {
        super(message);
    }
}
