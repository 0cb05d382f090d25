package io.reflex.bench;

import io.reflex.postgres.PostgresUri;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What the PostgreSQL server did, from its statistics views: transactions, rows written (and how many
 * updates were HOT, that is, touched no index), and write-ahead log. Two snapshots give the work of a batch;
 * the server publishes a backend's counts when its transaction ends, at most once a second, so a snapshot
 * taken right after a batch may miss the last second of it.
 */
record PostgresActivity(Map<String, Long> counters) {
    /** The counters, in the order they are reported. */
    private static final String QUERY = "SELECT"
            + " (SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database())"
            + " AS transactions,"
            + " (SELECT coalesce(sum(n_tup_ins), 0) FROM pg_stat_user_tables) AS rows_inserted,"
            + " (SELECT coalesce(sum(n_tup_upd), 0) FROM pg_stat_user_tables) AS rows_updated,"
            + " (SELECT coalesce(sum(n_tup_hot_upd), 0) FROM pg_stat_user_tables) AS hot_updates,"
            + " (SELECT coalesce(sum(n_tup_del), 0) FROM pg_stat_user_tables) AS rows_deleted,"
            + " (SELECT wal_records FROM pg_stat_wal) AS wal_records,"
            + " (SELECT wal_bytes::bigint FROM pg_stat_wal) AS wal_bytes,"
            + " (SELECT wal_fpi FROM pg_stat_wal) AS wal_full_pages";

    /** A snapshot of the server behind the store URI {@code uri}. */
    static PostgresActivity read(String uri) throws SQLException {
        try (Connection c = connect(uri);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(QUERY)) {
            r.next();
            Map<String, Long> out = new LinkedHashMap<>();
            for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                out.put(r.getMetaData().getColumnLabel(i), r.getLong(i));
            }
            return new PostgresActivity(out);
        }
    }

    /** The average stored size of a document (after compression) of each of {@code tables}, in bytes. */
    static Map<String, Long> documentSizes(String uri, List<String> tables) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = connect(uri);
                Statement s = c.createStatement()) {
            for (String table : tables) {
                try (ResultSet r =
                        s.executeQuery("SELECT coalesce(avg(pg_column_size(doc)), 0)::bigint FROM \"" + table + "\"")) {
                    r.next();
                    out.put(table, r.getLong(1));
                }
            }
        }
        return out;
    }

    /** Runs {@code statements}, one after the other, on the server behind {@code uri}. */
    static void execute(String uri, String... statements) throws SQLException {
        try (Connection c = connect(uri);
                Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static Connection connect(String uri) throws SQLException {
        PostgresUri parsed = PostgresUri.parse(uri);
        Properties props = new Properties();
        if (parsed.user() != null) {
            props.setProperty("user", parsed.user());
        }
        if (parsed.password() != null) {
            props.setProperty("password", parsed.password());
        }
        return DriverManager.getConnection(parsed.jdbcUrl(), props);
    }

    /** "transactions 12.1, rows_inserted 5.0, ..." per execution between {@code before} and this snapshot. */
    String perExecution(PostgresActivity before, int executions) {
        StringBuilder sb = new StringBuilder();
        counters.forEach((name, value) -> {
            double per = (value - before.counters().getOrDefault(name, 0L)) / (double) executions;
            sb.append(sb.isEmpty() ? "" : ", ")
                    .append(name.replace('_', ' '))
                    .append(' ')
                    .append(Math.round(per * 10) / 10.0);
        });
        return sb.toString();
    }
}
