package io.reflex.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statements each service sent the embedded PostgreSQL, counted from the server's own log: the server is
 * told to log every statement with the client's application name (each service connects under its own name),
 * and the log between two marks is read back and grouped by service, verb and table. It shows which store
 * calls one execution costs, where the statistics views only count transactions.
 */
final class PostgresStatements {
    /** {@code <application>|LOG:  execute <name>: <statement>}, as {@link #enable} sets the prefix. */
    private static final Pattern LINE = Pattern.compile("^(\\w+)\\|LOG:  (?:execute [^:]*|statement): (.*)$");

    private static final Pattern SHAPE =
            Pattern.compile("^(SELECT|INSERT INTO|UPDATE|DELETE FROM)\\b.*?\"(\\w+)\"", Pattern.DOTALL);

    private final Path log;

    private PostgresStatements(Path log) {
        this.log = log;
    }

    /** Makes the server behind {@code uri} log every statement from now on; its log is {@code log}. */
    static PostgresStatements enable(String uri, Path log) throws SQLException {
        PostgresActivity.execute(
                uri,
                "ALTER SYSTEM SET log_statement = 'all'",
                "ALTER SYSTEM SET log_line_prefix = '%a|'",
                "SELECT pg_reload_conf()");
        return new PostgresStatements(log);
    }

    /** Where the log ends now: {@link #since} counts what comes after. */
    long mark() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            return f.length();
        }
    }

    /** Statements logged after {@code mark}, by "service verb table", divided by {@code executions}. */
    Map<String, Double> since(long mark, int executions) throws IOException {
        Map<String, Double> out = new TreeMap<>();
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            f.seek(mark);
            String raw;
            while ((raw = f.readLine()) != null) {
                Matcher m = LINE.matcher(new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
                if (!m.matches()) {
                    continue;
                }
                Matcher shape = SHAPE.matcher(m.group(2));
                String what = shape.find() ? shape.group(1).split(" ")[0] + " " + shape.group(2) : "other";
                out.merge(m.group(1) + " " + what, 1.0 / executions, Double::sum);
            }
        }
        return out;
    }

    /**
     * "total 19.2: rulesengine 11.0 (INSERT execution 1.0, ...); api 2.5 (...)", services by most statements
     * first; statements rarer than one in twenty executions are counted in the totals only.
     */
    static String describe(Map<String, Double> perExecution) {
        Map<String, Map<String, Double>> byService = new TreeMap<>();
        perExecution.forEach((key, n) -> {
            int space = key.indexOf(' ');
            byService
                    .computeIfAbsent(key.substring(0, space), k -> new TreeMap<>())
                    .put(key.substring(space + 1), n);
        });
        StringBuilder sb = new StringBuilder();
        byService.entrySet().stream()
                .sorted((a, b) -> Double.compare(total(b.getValue()), total(a.getValue())))
                .forEach(service -> {
                    sb.append(sb.isEmpty() ? "" : "; ")
                            .append(service.getKey())
                            .append(' ')
                            .append(PipelineBenchmark.round(total(service.getValue())))
                            .append(" (");
                    StringBuilder parts = new StringBuilder();
                    service.getValue().entrySet().stream()
                            .filter(e -> e.getValue() >= 0.05)
                            .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                            .forEach(e -> parts.append(parts.isEmpty() ? "" : ", ")
                                    .append(e.getKey())
                                    .append(' ')
                                    .append(PipelineBenchmark.round(e.getValue())));
                    sb.append(parts).append(')');
                });
        double all =
                perExecution.values().stream().mapToDouble(Double::doubleValue).sum();
        return "total " + PipelineBenchmark.round(all) + ": " + sb;
    }

    private static double total(Map<String, Double> counts) {
        return counts.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
