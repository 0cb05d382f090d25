package io.reflex.postgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code postgresql://user[:password]@host[:port][,host[:port]...]/database[?options]} connection URI (the
 * libpq form; {@code postgres://} too) split into what the JDBC driver and the pool need. Options are
 * passed to the PostgreSQL JDBC driver as they are (e.g. {@code targetServerType=primary} with several
 * hosts, {@code sslmode=verify-full}), except Reflex's own: {@code schema} (the schema holding Reflex's
 * tables, created when missing; default: the search path's first, usually {@code public}) and
 * {@code pool_size} (connections per process, default {@value #DEFAULT_POOL_SIZE}).
 *
 * @param jdbcUrl the {@code jdbc:postgresql:} URL with the hosts, database and driver options
 * @param user null when the URI names none
 * @param password null when the URI names none
 * @param schema null when the URI names none
 */
public record PostgresUri(
        String jdbcUrl,
        List<String> hosts,
        String database,
        String user,
        String password,
        String schema,
        int poolSize) {
    public static final int DEFAULT_POOL_SIZE = 10;
    private static final List<String> SCHEMES = List.of("postgresql", "postgres");

    public PostgresUri {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        hosts = List.copyOf(hosts);
        Objects.requireNonNull(database, "database");
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool_size must be at least 1, was " + poolSize);
        }
    }

    /**
     * @throws IllegalArgumentException when {@code uri} is not a PostgreSQL connection URI
     */
    public static PostgresUri parse(String uri) {
        int colon = uri.indexOf("://");
        String scheme = colon < 0 ? "" : uri.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("not a postgresql:// URI: " + redacted(uri));
        }
        String rest = uri.substring(colon + 3);
        int slash = rest.indexOf('/');
        int question = rest.indexOf('?');
        int authorityEnd = slash >= 0 ? slash : question >= 0 ? question : rest.length();
        String authority = rest.substring(0, authorityEnd);
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int split = userInfo.indexOf(':');
            user = decode(split < 0 ? userInfo : userInfo.substring(0, split));
            password = split < 0 ? null : decode(userInfo.substring(split + 1));
        }
        if (authority.isBlank()) {
            throw new IllegalArgumentException("postgresql URI names no host: " + redacted(uri));
        }
        List<String> hosts = List.of(authority.split(","));
        int queryStart = rest.indexOf('?', authorityEnd);
        String path = rest.substring(authorityEnd, queryStart < 0 ? rest.length() : queryStart);
        String database = decode(path.startsWith("/") ? path.substring(1) : path);
        if (database.isEmpty()) {
            database = "reflex";
        }
        Map<String, String> options = options(queryStart < 0 ? "" : rest.substring(queryStart + 1));
        String schema = options.remove("schema");
        if (schema == null) {
            schema = options.get("currentSchema");
        }
        String poolSize = options.remove("pool_size");
        if (schema != null) {
            PostgresSchema.identifier(schema);
            options.put("currentSchema", schema);
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://")
                .append(authority)
                .append('/')
                .append(urlEncode(database));
        String separator = "?";
        for (Map.Entry<String, String> option : options.entrySet()) {
            jdbc.append(separator)
                    .append(urlEncode(option.getKey()))
                    .append('=')
                    .append(urlEncode(option.getValue()));
            separator = "&";
        }
        return new PostgresUri(jdbc.toString(), hosts, database, user, password, schema, poolSize(poolSize, uri));
    }

    /** The URI without its password, for logs and error messages. */
    public static String redacted(String uri) {
        return uri.replaceAll("(://[^:/@]*:)[^@/]*@", "$1***@");
    }

    private static Map<String, String> options(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            out.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return out;
    }

    private static int poolSize(String value, String uri) {
        if (value == null) {
            return DEFAULT_POOL_SIZE;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("pool_size must be a number in " + redacted(uri), e);
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String urlEncode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "PostgresUri[" + jdbcUrl + ", user=" + user + ", schema=" + schema + ", poolSize=" + poolSize + "]";
    }
}
