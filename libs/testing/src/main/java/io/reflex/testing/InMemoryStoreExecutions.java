package io.reflex.testing;

import io.reflex.core.execution.Execution;
import io.reflex.core.store.ExecutionStore;
import io.reflex.core.store.Kinds;

/** Executions in memory; compare-and-set is the port's default, built on the atomic {@code replaceIf}. */
final class InMemoryStoreExecutions extends InMemoryStore<Execution> implements ExecutionStore {
    InMemoryStoreExecutions(Runnable reachable) {
        super(Kinds.EXECUTION, reachable);
    }
}
