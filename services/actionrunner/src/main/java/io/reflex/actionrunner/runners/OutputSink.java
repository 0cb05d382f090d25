package io.reflex.actionrunner.runners;

/**
 * Receives an action's output while it runs, one line at a time, on the thread that read it (calls for the
 * two streams may come from two threads at once). Implementations must not block for long: the action's
 * pipe fills while they do.
 */
@FunctionalInterface
public interface OutputSink {
    /** {@code stream} is {@code stdout} or {@code stderr}; {@code line} keeps its trailing newline. */
    void line(String stream, String line);
}
