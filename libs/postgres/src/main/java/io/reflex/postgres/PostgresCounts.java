package io.reflex.postgres;

import io.reflex.core.store.EntityKind;
import io.reflex.core.store.Filter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The counts of a kind kept by the database as records are written ({@link EntityKind.Counts}), so that the
 * total a listing reports on every page does not read every row: PostgreSQL counts by visiting rows, which
 * at a million executions costs more than the page itself.
 *
 * <p>A row trigger adds and subtracts in the writing statement's own transaction, so a count read is exactly
 * what {@code count(*)} would answer in the same snapshot. The counts live in one table {@value #TABLE}
 * ({@code collection, field, value, stripe → n}); {@code field} is empty for the total, else a counted field
 * with {@code value} {@code present} or {@code missing}. Each writer adds to the stripe of its server process,
 * so concurrent writers of one table seldom wait for each other's row; a count sums the stripes. The trigger's
 * name carries a digest of what it counts: when the counted fields change (a new version), the old trigger
 * is dropped and the counts are rebuilt from the rows, under a lock that holds writers of the table back
 * until the new trigger is in place.
 */
final class PostgresCounts {
    static final String TABLE = "reflex_count";

    /** Stripes per count: more than the writers that usually insert at the same instant. */
    private static final int STRIPES = 8;

    private static final String PRESENT = "present";
    private static final String MISSING = "missing";

    private final EntityKind<?> kind;
    private final List<FieldPath> fields;

    private PostgresCounts(EntityKind<?> kind) {
        this.kind = kind;
        List<FieldPath> paths = new ArrayList<>();
        for (String field : kind.counts().presenceOf()) {
            FieldPath path = FieldPath.of(kind.type(), field);
            if (path.shape() != FieldPath.Shape.SCALAR) {
                throw new IllegalStateException("counted field " + field + " of " + kind.collection()
                        + " must be a typed scalar field of " + kind.type().getSimpleName());
            }
            paths.add(path);
        }
        this.fields = List.copyOf(paths);
    }

    /** The counts of {@code kind}, or null when it keeps none. */
    static PostgresCounts of(EntityKind<?> kind) {
        return kind.counts() == null ? null : new PostgresCounts(kind);
    }

    static String tableDdl() {
        return "CREATE TABLE IF NOT EXISTS " + TABLE + " (collection text COLLATE \"C\" NOT NULL,"
                + " field text COLLATE \"C\" NOT NULL, value text COLLATE \"C\" NOT NULL, stripe int NOT NULL,"
                + " n bigint NOT NULL, PRIMARY KEY (collection, field, value, stripe))";
    }

    /**
     * Installs the trigger when the one in place counts something else (or none is), and then rebuilds the
     * kind's counts from its rows. Runs inside the schema's transaction, after the kind's table exists.
     */
    void ensure(Connection connection) throws SQLException {
        String table = PostgresSchema.table(kind);
        String trigger = triggerName();
        List<String> present = new ArrayList<>();
        try (PreparedStatement find = connection.prepareStatement(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = ?::regclass AND NOT tgisinternal AND tgname LIKE ?")) {
            find.setString(1, table);
            find.setString(2, kind.collection() + "\\_counts\\_%");
            try (ResultSet rows = find.executeQuery()) {
                while (rows.next()) {
                    present.add(rows.getString(1));
                }
            }
        }
        List<String> wanted = fields.isEmpty() ? List.of(trigger) : List.of(trigger, trigger + "_u");
        if (present.size() == wanted.size() && present.containsAll(wanted)) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            String countsTable;
            try (ResultSet current = statement.executeQuery("SELECT current_schema()")) {
                current.next();
                // the trigger runs with the search path of whoever writes, so it names the table whole
                countsTable = PostgresSchema.identifier(current.getString(1)) + "." + TABLE;
            }
            // Holds every writer of the table back until this transaction commits, so none writes between
            // the recount and the new trigger.
            statement.execute("LOCK TABLE " + table + " IN SHARE ROW EXCLUSIVE MODE");
            for (String old : present) {
                statement.execute("DROP TRIGGER IF EXISTS " + PostgresSchema.identifier(old) + " ON " + table);
            }
            for (String old : present) {
                statement.execute("DROP FUNCTION IF EXISTS " + PostgresSchema.identifier(old) + "()");
            }
            statement.execute(function(trigger, countsTable));
            statement.execute("CREATE TRIGGER " + PostgresSchema.identifier(trigger)
                    + " AFTER INSERT OR DELETE ON " + table
                    + " FOR EACH ROW EXECUTE FUNCTION " + PostgresSchema.identifier(trigger) + "()");
            if (!fields.isEmpty()) {
                List<String> changed = new ArrayList<>();
                for (FieldPath field : fields) {
                    changed.add(presence(field, "OLD") + " IS DISTINCT FROM " + presence(field, "NEW"));
                }
                statement.execute("CREATE TRIGGER " + PostgresSchema.identifier(trigger + "_u")
                        + " AFTER UPDATE ON " + table + " FOR EACH ROW WHEN (" + String.join(" OR ", changed)
                        + ") EXECUTE FUNCTION " + PostgresSchema.identifier(trigger) + "()");
            }
            statement.execute("DELETE FROM " + TABLE + " WHERE collection = " + literal(kind.collection()));
            statement.execute("INSERT INTO " + TABLE + " SELECT " + literal(kind.collection())
                    + ", '', '', 0, count(*) FROM " + table);
            for (FieldPath field : fields) {
                String value =
                        "CASE WHEN " + presence(field, table) + " THEN '" + PRESENT + "' ELSE '" + MISSING + "' END";
                statement.execute("INSERT INTO " + TABLE + " SELECT " + literal(kind.collection()) + ", "
                        + literal(field.path()) + ", " + value + ", 0, count(*) FROM " + table + " GROUP BY 3");
            }
        }
    }

    /**
     * The statement that answers {@code count(filter)} from the kept counts, or null when they cannot:
     * the filter is not the total or the presence of a counted field.
     */
    Sql count(Filter filter) {
        if (filter instanceof Filter.All) {
            return lookup("", "");
        }
        String field;
        boolean wantPresent;
        if (filter instanceof Filter.Exists exists) {
            field = exists.field();
            wantPresent = exists.present();
        } else if (filter instanceof Filter.Compare compare
                && compare.value() == null
                && (compare.op() == Filter.Op.EQ || compare.op() == Filter.Op.NE)) {
            field = compare.field();
            wantPresent = compare.op() == Filter.Op.NE;
        } else {
            return null;
        }
        for (FieldPath counted : fields) {
            if (counted.path().equals(field)) {
                return lookup(field, wantPresent ? PRESENT : MISSING);
            }
        }
        return null;
    }

    private Sql lookup(String field, String value) {
        return new Sql()
                .append("SELECT coalesce(sum(n), 0) FROM " + TABLE + " WHERE collection = ")
                .param(kind.collection())
                .append(" AND field = ")
                .param(field)
                .append(" AND value = ")
                .param(value);
    }

    private String function(String name, String countsTable) {
        StringBuilder body = new StringBuilder();
        body.append("CREATE OR REPLACE FUNCTION ")
                .append(PostgresSchema.identifier(name))
                .append("() RETURNS trigger LANGUAGE plpgsql AS $count$\n")
                .append("DECLARE s int := pg_backend_pid() % ")
                .append(STRIPES)
                .append(";\nBEGIN\n");
        body.append("IF TG_OP <> 'INSERT' THEN\n")
                .append(change("OLD", -1, countsTable))
                .append("END IF;\n");
        body.append("IF TG_OP <> 'DELETE' THEN\n")
                .append(change("NEW", 1, countsTable))
                .append("END IF;\n");
        body.append("RETURN NULL;\nEND\n$count$");
        return body.toString();
    }

    /** Adds {@code delta} to the counts {@code row} (OLD or NEW) is in, one statement. */
    private String change(String row, int delta, String countsTable) {
        String collection = literal(kind.collection());
        List<String> values = new ArrayList<>();
        values.add("(" + collection + ", '', '', s, " + delta + ")");
        for (FieldPath field : fields) {
            values.add("(" + collection + ", " + literal(field.path()) + ", CASE WHEN " + presence(field, row)
                    + " THEN '" + PRESENT + "' ELSE '" + MISSING + "' END, s, " + delta + ")");
        }
        return "INSERT INTO " + countsTable + " AS c (collection, field, value, stripe, n) VALUES "
                + String.join(", ", values)
                + " ON CONFLICT (collection, field, value, stripe) DO UPDATE SET n = c.n + EXCLUDED.n;\n";
    }

    /** Whether {@code row}'s document has the field, present and not JSON null (as {@link Filter#exists}). */
    private static String presence(FieldPath field, String row) {
        return "coalesce(jsonb_typeof(" + row + ".doc #> '{" + String.join(",", field.steps()) + "}'), 'null')"
                + " <> 'null'";
    }

    /** The trigger's (and its function's) name: the collection and a digest of what it counts. */
    String triggerName() {
        String spec = STRIPES + "|" + String.join(",", kind.counts().presenceOf());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(spec.getBytes(StandardCharsets.UTF_8));
            return kind.collection() + "_counts_" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String literal(String text) {
        return "'" + PathSql.sqlLiteralBody(text) + "'";
    }
}
