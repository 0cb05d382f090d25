package io.reflex.postgres;

import io.reflex.core.store.DuplicateKeyException;
import io.reflex.core.store.EntityKind;
import io.reflex.core.store.IndexSpec;
import io.reflex.core.store.StoreException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns JDBC exceptions into the store's: a unique violation (SQLSTATE 23505) becomes a
 * {@link DuplicateKeyException} naming the index as the kind declares it ({@code _id_} for the primary
 * key, as in MongoDB); everything else becomes a {@link StoreException}, so callers never mistake an outage
 * for "no data".
 */
final class PostgresErrors {
    static final String ID_INDEX = "_id_";
    private static final String UNIQUE_VIOLATION = "23505";

    private final EntityKind<?> kind;

    PostgresErrors(EntityKind<?> kind) {
        this.kind = kind;
    }

    static boolean isUniqueViolation(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState());
    }

    /**
     * A failure worth one more try of a read: the connection broke or could not be had, or the server is
     * shutting down or recovering (SQLSTATE classes 08 and 57P).
     */
    static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientConnectionException
                || (state != null && (state.startsWith("08") || state.startsWith("57P")));
    }

    StoreException failure(String operation, SQLException e) {
        return new StoreException(
                "store " + operation + " on " + kind.collection() + " failed: SQLSTATE " + e.getSQLState() + ": "
                        + e.getMessage(),
                e);
    }

    /** The index a unique violation names, as the kind calls it; null when the server did not say. */
    String violatedIndex(SQLException e) {
        String constraint = constraint(e);
        if (constraint == null) {
            return null;
        }
        if (constraint.equals(kind.collection() + "_pkey")) {
            return ID_INDEX;
        }
        for (IndexSpec spec : kind.uniqueIndexes()) {
            if (constraint.equals(PostgresSchema.indexName(kind, spec))) {
                return spec.name();
            }
        }
        return constraint;
    }

    DuplicateKeyException duplicate(String index, String conflictId) {
        return new DuplicateKeyException(kind.collection(), index == null ? "unknown" : index, conflictId);
    }

    private static String constraint(SQLException e) {
        if (e instanceof PSQLException p) {
            ServerErrorMessage message = p.getServerErrorMessage();
            return message == null ? null : message.getConstraint();
        }
        return null;
    }
}
