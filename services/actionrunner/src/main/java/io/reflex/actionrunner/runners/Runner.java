package io.reflex.actionrunner.runners;

/**
 * One runner type (local-shell-cmd, python-script, http-request...). {@link #run} blocks until the action
 * finished, timed out or was canceled, streams output through the context while it runs, and reports the
 * status and result in StackStorm's shape. Runners hold no per-execution state; one instance serves all.
 */
public interface Runner {
    /** The runner type name, e.g. {@code local-shell-cmd}. */
    String name();

    RunResult run(RunContext context) throws Exception;
}
