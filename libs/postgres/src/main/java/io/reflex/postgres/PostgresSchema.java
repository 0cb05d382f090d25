package io.reflex.postgres;

import io.reflex.core.store.EntityKind;
import io.reflex.core.store.IndexSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The tables and indexes of the store: one table per kind ({@code id text PRIMARY KEY, doc jsonb}) and one
 * index per {@link IndexSpec}, named {@code <table>_<index>_idx}. Creation is idempotent and safe when several
 * processes start at once: every statement is {@code IF NOT EXISTS} and the whole runs in one transaction
 * holding an advisory lock, so concurrent {@code CREATE}s never race on the catalogue. An index that
 * already exists under its name is left as it is, whatever its definition.
 *
 * <p>How an index is built follows the shape of its paths ({@link FieldPath}): typed scalars get a btree
 * on their typed expressions, with the id appended to non-unique ones so that a sorted page is one index
 * scan; a path through a typed list of text gets a btree on its lowest (ascending) or highest (descending)
 * value; a free-form path gets a GIN index ({@code jsonb_path_ops}) on the value of its first key, which
 * serves equality. Unique indexes treat absent and null as one value, as MongoDB's do.
 *
 * <p>The counts a kind keeps ({@link PostgresCounts}) are set up with its table.
 */
final class PostgresSchema {
    /** Key of the advisory lock serialising schema changes across processes ("reflex" in ASCII). */
    static final long LOCK_KEY = 0x7265666c6578L;

    private final String schema;

    /** @param schema the schema to create the tables in (created when missing); null for the search path's first */
    PostgresSchema(String schema) {
        this.schema = schema;
    }

    static String table(EntityKind<?> kind) {
        return identifier(kind.collection());
    }

    /** Indexes share the namespace of tables ({@code trigger} + {@code type} would be the table {@code trigger_type}). */
    static String indexName(EntityKind<?> kind, IndexSpec spec) {
        return kind.collection() + "_" + spec.name() + "_idx";
    }

    /** Ensures everything {@code kinds} need in one transaction; returns how many indexes were ensured. */
    int ensure(Connection connection, List<EntityKind<?>> kinds) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, LOCK_KEY);
                lock.execute();
            }
            if (schema != null) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS " + identifier(schema));
            }
            for (String function : functions()) {
                statement.execute(function);
            }
            boolean nullsNotDistinct = connection.getMetaData().getDatabaseMajorVersion() >= 15;
            int indexes = 0;
            statement.execute(PostgresCounts.tableDdl());
            for (EntityKind<?> kind : kinds) {
                statement.execute("CREATE TABLE IF NOT EXISTS " + table(kind)
                        + " (id text COLLATE \"C\" PRIMARY KEY, doc jsonb NOT NULL)");
                for (String ddl : indexes(kind, nullsNotDistinct)) {
                    statement.execute(ddl);
                    indexes++;
                }
                PostgresCounts counts = PostgresCounts.of(kind);
                if (counts != null) {
                    counts.ensure(connection);
                }
            }
            connection.commit();
            return indexes;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * The lowest and highest string among a path's values ({@link PathSql#extreme}). In PL/pgSQL, which plans its
     * query once per session: as an SQL function it was planned again by every statement that wrote a row under
     * an index over it (the execution's {@code outbox.at}), a quarter of the time PostgreSQL spent updating an
     * execution (0.155 ms a row, 0.118 ms with PL/pgSQL, 0.072 ms with no index but the key). {@code CREATE OR
     * REPLACE} keeps the function, so indexes built over the earlier body stay valid: the results are the same.
     */
    private static List<String> functions() {
        List<String> out = new ArrayList<>();
        for (String[] f : new String[][] {{PathSql.MIN_TEXT, "min"}, {PathSql.MAX_TEXT, "max"}}) {
            out.add("CREATE OR REPLACE FUNCTION " + f[0] + "(doc jsonb, path jsonpath) RETURNS text"
                    + " LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS"
                    + " $$ BEGIN RETURN (SELECT " + f[1] + "((v #>> '{}') COLLATE \"C\")"
                    + " FROM jsonb_path_query(doc, path) v WHERE jsonb_typeof(v) = 'string'); END $$");
        }
        return out;
    }

    /**
     * The {@code CREATE INDEX} statements of {@code kind}.
     *
     * @throws IllegalStateException when an index cannot be built for the shape of its paths
     */
    static List<String> indexes(EntityKind<?> kind, boolean nullsNotDistinct) {
        List<String> out = new ArrayList<>();
        for (IndexSpec spec : kind.indexes()) {
            out.add(index(kind, spec, nullsNotDistinct));
        }
        return out;
    }

    /** First keys of the kind's free-form indexed paths: where {@link PostgresQueries} writes {@code @?}. */
    static Set<String> ginHeads(EntityKind<?> kind) {
        Set<String> heads = new HashSet<>();
        for (IndexSpec spec : kind.indexes()) {
            for (String field : spec.fields()) {
                FieldPath path = FieldPath.of(kind.type(), field.startsWith("-") ? field.substring(1) : field);
                if (path.shape() == FieldPath.Shape.FREE) {
                    heads.add(path.head());
                }
            }
        }
        return heads;
    }

    private static String index(EntityKind<?> kind, IndexSpec spec, boolean nullsNotDistinct) {
        String head = (spec.unique() ? "CREATE UNIQUE INDEX" : "CREATE INDEX") + " IF NOT EXISTS "
                + identifier(indexName(kind, spec)) + " ON " + table(kind);
        List<String> columns = new ArrayList<>();
        List<FieldPath.Shape> shapes = new ArrayList<>();
        FieldPath last = null;
        for (String field : spec.fields()) {
            boolean descending = field.startsWith("-");
            FieldPath path = FieldPath.of(kind.type(), descending ? field.substring(1) : field);
            String order = descending ? " DESC NULLS LAST" : " NULLS FIRST";
            shapes.add(path.shape());
            last = path;
            switch (path.shape()) {
                case ID, SCALAR -> columns.add(PathSql.scalar(path) + order);
                case TEXT_LIST -> columns.add(PathSql.extreme(path, descending) + order);
                case FREE -> columns.add(PathSql.container(path) + " jsonb_path_ops");
            }
        }
        boolean typed = shapes.stream().allMatch(s -> s == FieldPath.Shape.ID || s == FieldPath.Shape.SCALAR);
        boolean single = shapes.size() == 1 && !spec.unique();
        if (typed) {
            if (!spec.unique()) {
                columns.add("id");
            }
            return head + " (" + String.join(", ", columns) + ")"
                    + (spec.unique() && nullsNotDistinct ? " NULLS NOT DISTINCT" : "");
        }
        if (single && last.shape() == FieldPath.Shape.TEXT_LIST) {
            return head + " (" + columns.get(0) + ", id)";
        }
        if (single && last.shape() == FieldPath.Shape.FREE) {
            return head + " USING gin (" + columns.get(0) + ")";
        }
        throw new IllegalStateException("index " + spec.name() + " of " + kind.collection() + " on " + spec.fields()
                + " cannot be built in PostgreSQL: only typed scalar fields may be combined or unique");
    }

    /** A quoted SQL identifier. Names come from the code or the connection URI, never from a request. */
    static String identifier(String name) {
        if (!name.matches("^[A-Za-z_][A-Za-z0-9_]{0,62}$")) {
            throw new IllegalArgumentException("'" + name + "' is not a valid PostgreSQL name (letters, digits, _)");
        }
        return "\"" + name + "\"";
    }
}
