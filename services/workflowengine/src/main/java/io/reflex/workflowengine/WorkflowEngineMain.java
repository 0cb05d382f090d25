package io.reflex.workflowengine;

import io.reflex.runtime.service.ServiceRunner;

/** Runs the workflow engine service as its own process. */
public final class WorkflowEngineMain {
    private WorkflowEngineMain() {}

    public static void main(String[] args) {
        ServiceRunner.main(new WorkflowEngineService(), args);
    }
}
