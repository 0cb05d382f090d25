package io.reflex.postgres;

import io.reflex.core.execution.Execution;
import io.reflex.core.store.ExecutionStore;
import io.reflex.core.store.Kinds;
import javax.sql.DataSource;

/**
 * Executions in PostgreSQL: compare-and-set is the port's default over {@link #replaceIf}, one statement
 * {@code UPDATE execution SET doc = ? WHERE id = ? AND status = ? AND version = ?} (on the typed document
 * expressions), found through the primary key and reporting whether it changed a row. Several at once
 * ({@link #compareAndSetAll}) are that statement as one JDBC batch ({@link #replaceAllIf}).
 */
final class PostgresExecutionStore extends PostgresStore<Execution> implements ExecutionStore {
    PostgresExecutionStore(DataSource pool) {
        super(Kinds.EXECUTION, pool);
    }
}
