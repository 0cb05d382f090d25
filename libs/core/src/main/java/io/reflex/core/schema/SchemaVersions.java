package io.reflex.core.schema;

import io.reflex.core.messages.Channels.ExecutionCompleted;
import io.reflex.core.messages.Channels.ExecutionRequested;
import io.reflex.core.messages.Channels.StreamEvent;
import io.reflex.core.messages.Channels.TriggerDispatch;
import io.reflex.core.messages.Channels.WorkflowRequested;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The schema version of every wire message and stored record: the one place where a version changes. A
 * process writes each type at its version here and reads any version up to it; a newer version belongs to
 * a newer process, so a message of it is left for one (the bus requeues it) and a stored record of it is not
 * overwritten (the store refuses the write). Raise a type's version when a field changes meaning or a new
 * field must not be lost by an older process; adding a field older processes may ignore needs no new version.
 *
 * <p>A type not listed is at version {@link #INITIAL}: list it here when its schema first changes. Immutable.
 */
public final class SchemaVersions {
    /** The version every schema starts at. */
    public static final int INITIAL = 1;

    /** Bus message: an execution to schedule and run. */
    public static final int EXECUTION_REQUESTED = 1;
    /** Bus message: a fired trigger for the rules engines. */
    public static final int TRIGGER_DISPATCH = 1;
    /** Bus message: an execution's completion announcement. */
    public static final int EXECUTION_COMPLETED = 1;
    /** Bus message: a workflow waiting for a workflow engine. */
    public static final int WORKFLOW_REQUESTED = 1;
    /** Log record: an event of the public stream. */
    public static final int STREAM_EVENT = 1;

    /** The versions this build reads and writes. */
    public static final SchemaVersions CURRENT = new SchemaVersions(Map.of(
            ExecutionRequested.class, EXECUTION_REQUESTED,
            TriggerDispatch.class, TRIGGER_DISPATCH,
            ExecutionCompleted.class, EXECUTION_COMPLETED,
            WorkflowRequested.class, WORKFLOW_REQUESTED,
            StreamEvent.class, STREAM_EVENT));

    private final Map<Class<?>, Integer> versions;

    private SchemaVersions(Map<Class<?>, Integer> versions) {
        this.versions = Map.copyOf(versions);
    }

    /** The version this process writes {@code type} at, and the newest it reads. */
    public int of(Class<?> type) {
        return versions.getOrDefault(Objects.requireNonNull(type, "type"), INITIAL);
    }

    /** Whether this process understands {@code type} written at {@code version} (its own or an older one). */
    public boolean reads(Class<?> type, int version) {
        return version <= of(type);
    }

    /**
     * A copy with {@code type} at {@code version}: how a test plays a process of another release, and how a
     * process is held at the older version while part of a site still runs it.
     */
    public SchemaVersions with(Class<?> type, int version) {
        if (version < INITIAL) {
            throw new IllegalArgumentException("schema version must be >= " + INITIAL + ", was " + version);
        }
        Map<Class<?>, Integer> copy = new HashMap<>(versions);
        copy.put(type, version);
        return new SchemaVersions(copy);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SchemaVersions that && versions.equals(that.versions);
    }

    @Override
    public int hashCode() {
        return versions.hashCode();
    }

    @Override
    public String toString() {
        return "SchemaVersions" + versions;
    }
}
