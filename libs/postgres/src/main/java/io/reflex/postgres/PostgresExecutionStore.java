package io.reflex.postgres;

import io.reflex.core.execution.Execution;
import io.reflex.core.store.ExecutionStore;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Executions in PostgreSQL: compare-and-set is the port's default over {@link #replaceIf}, one statement
 * {@code UPDATE execution SET doc = ? WHERE id = ? AND status = ? AND version = ?} (on the typed document
 * expressions), found through the primary key and reporting whether it changed a row. Several at once
 * ({@link #compareAndSetAll}) are that statement as one JDBC batch: one round trip and one transaction.
 */
final class PostgresExecutionStore extends PostgresStore<Execution> implements ExecutionStore {
    PostgresExecutionStore(DataSource pool) {
        super(Kinds.EXECUTION, pool);
    }

    @Override
    public boolean[] compareAndSetAll(List<Execution> currents, List<Execution> nexts) {
        if (currents.size() != nexts.size()) {
            throw new IllegalArgumentException(currents.size() + " records to change, " + nexts.size() + " changes");
        }
        List<Filter> conditions = new ArrayList<>(currents.size());
        for (int i = 0; i < currents.size(); i++) {
            Execution current = currents.get(i);
            Execution next = nexts.get(i);
            if (next.version() != current.version() + 1 || !next.id().equals(current.id())) {
                throw new IllegalArgumentException("execution " + next.id() + ": next version must be "
                        + (current.version() + 1) + " of " + current.id() + ", was " + next.version());
            }
            conditions.add(
                    Filter.and(Filter.eq("status", current.status().wire()), Filter.eq("version", current.version())));
        }
        return replaceAllIf(nexts, conditions);
    }
}
