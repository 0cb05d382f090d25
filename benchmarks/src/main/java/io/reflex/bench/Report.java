package io.reflex.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A benchmark report: rows printed as they are measured, then written as Markdown. */
final class Report {
    private final String title;
    private final List<String> context = new ArrayList<>();
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> sections = new ArrayList<>();
    private final String[] header;

    Report(String title, String... header) {
        this.title = title;
        this.header = header;
    }

    Report context(String line) {
        context.add(line);
        System.out.println("# " + line);
        return this;
    }

    void row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = String.valueOf(cells[i]);
        }
        rows.add(r);
        System.out.println(String.join("  |  ", r));
    }

    /** Replaces one cell of an earlier row (a count that could only be made later). */
    void cell(int row, int column, Object value) {
        rows.get(row)[column] = String.valueOf(value);
    }

    int rowCount() {
        return rows.size();
    }

    /** Markdown written after the table, in the order added. */
    void section(String markdown) {
        sections.add(markdown);
        System.out.println(markdown);
    }

    void write(Path file) {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        sb.append("Measured ")
                .append(Instant.now())
                .append(" on ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ")
                .append(System.getProperty("java.version"))
                .append(".\n\n");
        context.forEach(c -> sb.append("- ").append(c).append('\n'));
        sb.append("\n| ").append(String.join(" | ", header)).append(" |\n|");
        sb.append(" --- |".repeat(header.length)).append('\n');
        rows.forEach(r -> sb.append("| ").append(String.join(" | ", r)).append(" |\n"));
        sections.forEach(sb::append);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("report written to " + file);
    }
}
