package io.reflex.executions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A test-only crash switch for the outbox: with the system property {@code reflex.fault} (or the
 * environment variable {@code REFLEX_FAULT}) set to {@value #AFTER_STORE_BEFORE_PUBLISH}{@code :exit}, the
 * process halts (exit 137, as after SIGKILL: no shutdown hooks, nothing drained) right after a change that
 * completes an execution was stored and before anything of it was published. Unset, it does nothing.
 */
final class FaultPoint {
    static final String AFTER_STORE_BEFORE_PUBLISH = "after-store-before-publish";
    private static final Logger log = LoggerFactory.getLogger(FaultPoint.class);
    private static final int SIGKILL_EXIT = 137;

    private final boolean haltAfterStore;

    FaultPoint(String spec) {
        this.haltAfterStore = (AFTER_STORE_BEFORE_PUBLISH + ":exit").equals(spec == null ? "" : spec.strip());
    }

    /** The switch as this process was started with it. */
    static FaultPoint fromEnvironment() {
        String spec = System.getProperty("reflex.fault");
        return new FaultPoint(spec != null ? spec : System.getenv("REFLEX_FAULT"));
    }

    /** Called between storing a completing change and announcing it. */
    void completionStored(String executionId) {
        if (haltAfterStore) {
            log.warn("fault injected, halting fault={} execution={}", AFTER_STORE_BEFORE_PUBLISH, executionId);
            Runtime.getRuntime().halt(SIGKILL_EXIT);
        }
    }
}
