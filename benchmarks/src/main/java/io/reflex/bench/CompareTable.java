package io.reflex.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The side-by-side table of {@code bin/bench compare}: per workload, the burst's completed/s and the paced
 * batch's p50 and p99, one column per system, and per other system a ratio oriented so that above 1 means
 * Reflex did better (throughput: Reflex ÷ other; latency: other ÷ Reflex). Pure: no I/O.
 */
final class CompareTable {
    static final String BURST = "burst";
    static final String PACED = "paced";

    /** One system's column: its batches by {@link #key}, or why it has none. */
    record Column(String system, Map<String, CompareBatch> batches, String absent) {
        static Column measured(String system, Map<String, CompareBatch> batches) {
            return new Column(system, batches, null);
        }

        static Column absent(String system, String why) {
            return new Column(system, Map.of(), why);
        }
    }

    private record Measure(String label, String mode, boolean higherIsBetter, ToDoubleFunction<CompareBatch> value) {}

    private static final List<Measure> MEASURES = List.of(
            new Measure("burst, completed/s", BURST, true, CompareBatch::perSecond),
            new Measure("paced, p50 (ms)", PACED, false, b -> b.latencies().percentileMs(50)),
            new Measure("paced, p99 (ms)", PACED, false, b -> b.latencies().percentileMs(99)));

    private CompareTable() {}

    static String key(CompareWorkload w, String mode) {
        return w.slug + "/" + mode;
    }

    /** The Markdown table; the first column is the reference (Reflex) the ratios are taken against. */
    static String markdown(List<Column> columns) {
        Column reference = columns.getFirst();
        List<Column> others = columns.subList(1, columns.size());
        List<String> header = new ArrayList<>(List.of("workload", "measure"));
        columns.forEach(c -> header.add(c.system()));
        others.forEach(c -> header.add(reference.system() + " vs " + c.system()));
        StringBuilder sb =
                new StringBuilder("| ").append(String.join(" | ", header)).append(" |\n|");
        sb.append(" --- |".repeat(header.size())).append('\n');
        for (CompareWorkload w : CompareWorkload.values()) {
            for (Measure m : MEASURES) {
                List<String> row = new ArrayList<>(List.of(w.label, m.label()));
                columns.forEach(c -> row.add(cell(c, w, m)));
                others.forEach(c -> row.add(ratio(value(reference, w, m), value(c, w, m), m.higherIsBetter())));
                sb.append("| ").append(String.join(" | ", row)).append(" |\n");
            }
        }
        return sb.toString();
    }

    /** Above 1: Reflex better. "–" when either side has no number. */
    static String ratio(Double reflex, Double other, boolean higherIsBetter) {
        if (reflex == null || other == null || reflex <= 0 || other <= 0) {
            return "–";
        }
        double r = higherIsBetter ? reflex / other : other / reflex;
        return String.format(Locale.ROOT, r >= 0.1 ? "%.2f×" : "%.2g×", r);
    }

    static String number(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String cell(Column c, CompareWorkload w, Measure m) {
        if (c.absent() != null) {
            return c.absent();
        }
        Double v = value(c, w, m);
        return v == null ? "–" : number(v);
    }

    private static Double value(Column c, CompareWorkload w, Measure m) {
        CompareBatch b = c.batches().get(key(w, m.mode()));
        return b == null || b.completed() == 0 ? null : m.value().applyAsDouble(b);
    }
}
