package io.reflex.bench;

import io.reflex.core.execution.Execution;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The load that runs beside the webhooks of {@code bin/bench ha}, and its count per fault:
 *
 * <ul>
 *   <li>a 1 s {@code core.st2.IntervalTimer} whose rule runs {@code core.noop}: a point fired exactly once has
 *       exactly one execution;
 *   <li>the chaos pack's sensor {@code chaos.TickSensor}, dispatching {@code chaos.tick} every second with its
 *       process's ancestors, so that the container running it is known and the longest silence after a
 *       fault is the time until sensors ran again;
 *   <li>long actions: {@code chaos.append_retry} runs that sleep 20 s, started just before each fault.
 * </ul>
 */
final class HaLoad {
    static final String TICK = "chaos.tick";
    static final int LONG_ACTIONS = 2;
    /** The name of every timer rule of the benchmark starts with it. */
    static final String TIMER_RULE_PREFIX = "ha_timer_";

    /** Timer points in a window: fired exactly once, not at all, more than once. */
    record Points(int expected, int once, int missed, int doubled) {}

    /** Sensor ticks after a fault: the longest silence, and whether two processes ticked at once. */
    record Sensor(double longestSilence, int processes, boolean overlapped) {}

    /** Long actions of one fault: effects exactly once, none, more than one. */
    record LongRuns(int once, int lost, int doubled) {
        boolean settled() {
            return once + doubled == LONG_ACTIONS;
        }
    }

    private final StateStore store;
    private final String timerRule;

    /** @param timerRule the name of the timer's rule in pack {@code chaos} */
    HaLoad(StateStore store, String timerRule) {
        this.store = store;
        this.timerRule = timerRule;
    }

    /** The rule that makes the timer fire: every second, {@code core.noop} (an execution per point). */
    String timerRule() {
        return """
                {"name": "%s", "pack": "chaos", "enabled": true,
                 "trigger": {"type": "core.st2.IntervalTimer", "parameters": {"unit": "seconds", "delta": 1}},
                 "action": {"ref": "core.noop"}}""".formatted(timerRule);
    }

    /** A long action: sleeps 20 s, then appends {@code seq} to {@code file}. */
    static String longAction(Path file, int seq) {
        return """
                {"action": "%s", "parameters": {"file": "%s", "seq": "%d", "pause": "20"}}""".formatted(ChaosPack.APPEND_RETRY, file, seq);
    }

    /** The newest point with an execution (the epoch when none has). */
    Instant lastPoint() {
        return fired().keySet().stream().max(Instant::compareTo).orElse(Instant.EPOCH);
    }

    /** Points of the 1 s timer from {@code from} (exclusive) to {@code to} (inclusive), by their executions. */
    Points points(Instant from, Instant to) {
        Map<Instant, Integer> fired = fired();
        int expected = 0, once = 0, missed = 0, doubled = 0;
        for (Instant p = from.plusSeconds(1).truncatedTo(ChronoUnit.SECONDS); !p.isAfter(to); p = p.plusSeconds(1)) {
            int n = fired.getOrDefault(p, 0);
            expected++;
            once += n == 1 ? 1 : 0;
            missed += n == 0 ? 1 : 0;
            doubled += n > 1 ? 1 : 0;
        }
        return new Points(expected, once, missed, doubled);
    }

    /**
     * Executions per point of the timer, by their trigger instance's {@code executed_at}. Counted over every
     * timer rule of the benchmark, since the rule enabled when a point's trigger instance is processed is the
     * one that runs it: a point fired before this run and still queued when it began (an earlier run's rule
     * retired) runs under this run's rule ({@link HaBenchmark} keeps one such rule enabled at a time).
     */
    private Map<Instant, Integer> fired() {
        Map<Instant, Integer> fired = new HashMap<>();
        for (Execution e :
                store.executions().find(Query.of(Filter.startsWith("rule.ref", "chaos." + TIMER_RULE_PREFIX)))) {
            String at = e.triggerInstance() == null
                    ? ""
                    : e.triggerInstance().payload().path("executed_at").asText();
            if (at.length() >= 19) {
                fired.merge(
                        LocalDateTime.parse(at.substring(0, 19).replace(' ', 'T'))
                                .toInstant(ZoneOffset.UTC),
                        1,
                        Integer::sum);
            }
        }
        return fired;
    }

    /** The sensor's ticks from {@code from} to {@code to}: the longest time without one, from {@code from}. */
    Sensor sensor(Instant from, Instant to) {
        List<TriggerInstance> ticks = ticks(from.minusSeconds(5), to);
        Instant last = from;
        double longest = 0;
        Map<String, Instant> lastByProcess = new HashMap<>();
        Map<String, Instant> firstByProcess = new HashMap<>();
        for (TriggerInstance t : ticks) {
            String pid = t.payload().path("pid").asText();
            firstByProcess.putIfAbsent(pid, t.occurrenceTime());
            lastByProcess.put(pid, t.occurrenceTime());
            if (t.occurrenceTime().isAfter(from)) {
                longest = Math.max(longest, seconds(last, t.occurrenceTime()));
                last = t.occurrenceTime();
            }
        }
        longest = Math.max(longest, seconds(last, to));
        boolean overlapped = false;
        for (String a : firstByProcess.keySet()) {
            for (String b : firstByProcess.keySet()) {
                overlapped |= !a.equals(b)
                        && firstByProcess.get(b).isAfter(firstByProcess.get(a))
                        && firstByProcess.get(b).isBefore(lastByProcess.get(a).minusMillis(500));
            }
        }
        return new Sensor(Math.round(longest * 10) / 10.0, firstByProcess.size(), overlapped);
    }

    /** The pids of the newest tick's sensor process and its ancestors (the container among them). */
    List<String> sensorAncestors() {
        List<TriggerInstance> ticks =
                ticks(Instant.now().minusSeconds(10), Instant.now().plusSeconds(1));
        if (ticks.isEmpty()) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>();
        ticks.get(ticks.size() - 1).payload().path("ancestors").forEach(p -> out.add(p.asText()));
        return out;
    }

    static LongRuns longActions(Path file) {
        int[] effects = new int[LONG_ACTIONS];
        for (String line : lines(file)) {
            try {
                int n = Integer.parseInt(line.trim());
                if (n >= 0 && n < LONG_ACTIONS) {
                    effects[n]++;
                }
            } catch (NumberFormatException partial) {
                // a line being written right now
            }
        }
        int once = 0, lost = 0, doubled = 0;
        for (int e : effects) {
            once += e == 1 ? 1 : 0;
            lost += e == 0 ? 1 : 0;
            doubled += e > 1 ? 1 : 0;
        }
        return new LongRuns(once, lost, doubled);
    }

    private List<TriggerInstance> ticks(Instant from, Instant to) {
        return store.store(Kinds.TRIGGER_INSTANCE).find(Query.of(Filter.eq("trigger", TICK))).stream()
                .filter(t -> !t.occurrenceTime().isBefore(from)
                        && !t.occurrenceTime().isAfter(to))
                .sorted(Comparator.comparing(TriggerInstance::occurrenceTime))
                .toList();
    }

    private static double seconds(Instant a, Instant b) {
        return (b.toEpochMilli() - a.toEpochMilli()) / 1000.0;
    }

    private static List<String> lines(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
