package io.reflex.testing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database of its own for one test class on the PostgreSQL server of {@link ExternalBackend#POSTGRES}
 * ({@code reflex_it_<random>}, code point collation), dropped on {@link #close()} even while clients are
 * still connected. {@link #uri} names it in the {@code postgresql://} form the store takes.
 */
public final class PostgresDatabase implements AutoCloseable {
    private static final Pattern URI =
            Pattern.compile("^(postgres(?:ql)?)://(?:([^:@/]*)(?::([^@/]*))?@)?([^/?]+)(?:/([^?]*))?(\\?.*)?$");

    private final Matcher server;
    private final String name;

    private PostgresDatabase(Matcher server, String name) {
        this.server = server;
        this.name = name;
    }

    /** Creates a fresh database; fails the test in CI and skips it elsewhere when there is no server. */
    public static PostgresDatabase create() {
        String admin = ExternalBackend.POSTGRES.require();
        Matcher m = URI.matcher(admin);
        if (!m.matches()) {
            throw new IllegalArgumentException(ExternalBackend.POSTGRES.envVar() + " is not a postgresql:// URI");
        }
        String name =
                "reflex_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        PostgresDatabase db = new PostgresDatabase(m, name);
        db.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
        return db;
    }

    public String name() {
        return name;
    }

    /** This database's URI, with {@code options} (e.g. {@code schema=t1}) appended when not empty. */
    public String uri(String options) {
        String credentials = server.group(2) == null
                ? ""
                : server.group(2) + (server.group(3) == null ? "" : ":" + server.group(3)) + "@";
        return "postgresql://" + credentials + server.group(4) + "/" + name
                + (options == null || options.isEmpty() ? "" : "?" + options);
    }

    /** Runs one SQL statement in this database (test set-up and inspection). */
    public void sql(String statement) {
        try (Connection c = connect(name);
                Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed in " + name + ": " + statement + ": " + e.getMessage(), e);
        }
    }

    /** A JDBC connection to this database; the caller closes it. */
    public Connection connection() throws SQLException {
        return connect(name);
    }

    @Override
    public void close() {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void execute(String statement) {
        String database = server.group(5) == null || server.group(5).isEmpty() ? "postgres" : server.group(5);
        try (Connection c = connect(decode(database));
                Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + " failed: " + e.getMessage(), e);
        }
    }

    private Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        if (server.group(2) != null) {
            props.setProperty("user", decode(server.group(2)));
        }
        if (server.group(3) != null) {
            props.setProperty("password", decode(server.group(3)));
        }
        String query = server.group(6) == null ? "" : server.group(6);
        return DriverManager.getConnection("jdbc:postgresql://" + server.group(4) + "/" + database + query, props);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
