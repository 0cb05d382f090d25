package io.reflex.bench;

import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionContext;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts one scenario from what it left behind: the executions of its tag in the store (originals, made by
 * the rules engine from a webhook, and the retries the retry policy made of them), the lines of its effects
 * file, the {@code core.st2.generic.actiontrigger} instances naming its executions, and what the SSE client
 * saw of them.
 */
final class ChaosTally {
    static final String ACTION_TRIGGER = "core.st2.generic.actiontrigger";

    /**
     * Per accepted webhook (seq).
     *
     * @param sent webhooks accepted (202)
     * @param lost accepted seqs without an execution, or without an effect while no execution of theirs
     *     reports a failure: work that vanished silently. An execution that ends {@code abandoned} (its runner
     *     died and took the action's process tree with it) tells its operator the work did not happen, so
     *     its missing effect is counted in {@code noEffect} and not here
     * @param doubled accepted seqs with more than one effect or more than one original execution
     */
    record Seqs(int sent, int lost, int doubled, int noExecution, int noEffect, int doubleExecution, int doubleEffect) {
        static Seqs of(boolean[] accepted, int[] executions, int[] effects, boolean[] reportedFailure) {
            int sent = 0, lost = 0, doubled = 0, noExecution = 0, noEffect = 0, twoExecutions = 0, twoEffects = 0;
            for (int n = 0; n < accepted.length; n++) {
                if (accepted[n]) {
                    sent++;
                    lost += executions[n] == 0 || (effects[n] == 0 && !reportedFailure[n]) ? 1 : 0;
                    doubled += executions[n] > 1 || effects[n] > 1 ? 1 : 0;
                    noExecution += executions[n] == 0 ? 1 : 0;
                    noEffect += effects[n] == 0 ? 1 : 0;
                    twoExecutions += executions[n] > 1 ? 1 : 0;
                    twoEffects += effects[n] > 1 ? 1 : 0;
                }
            }
            return new Seqs(sent, lost, doubled, noExecution, noEffect, twoExecutions, twoEffects);
        }
    }

    /**
     * Per execution (originals and retries).
     *
     * @param unannounced completed without a {@code core.st2.generic.actiontrigger} instance naming it
     * @param streamMissing completed, but the SSE client did not see its create and a completed update
     * @param pending still to run: incomplete, or abandoned with a retry due
     */
    record Runs(int abandoned, int notSucceeded, int unannounced, int announcedTwice, int streamMissing, int pending) {}

    /**
     * One count.
     *
     * @param created original executions (one per trigger instance; retries not included)
     * @param total originals and retries
     */
    record Count(Seqs seqs, Runs runs, int created, int retries, int total) {
        int sent() {
            return seqs.sent();
        }

        int lost() {
            return seqs.lost();
        }

        int doubled() {
            return seqs.doubled();
        }

        /** Every accepted seq has an execution and nothing is still to run. */
        boolean settled() {
            return runs.pending() == 0 && seqs.noExecution() == 0;
        }
    }

    private final StateStore store;

    ChaosTally(StateStore store) {
        this.store = store;
    }

    Count count(String tag, boolean[] accepted, Path effectsFile, boolean retried, StreamWatcher stream) {
        List<Execution> originals =
                store.executions().find(Query.of(Filter.eq("trigger_instance.payload.body.tag", tag))).stream()
                        .filter(e -> retryCount(e) == 0)
                        .toList();
        Map<String, Integer> seqOf = new HashMap<>();
        Map<String, Execution> all = new LinkedHashMap<>();
        int[] executions = new int[accepted.length];
        for (Execution e : originals) {
            int n = e.triggerInstance() == null
                    ? -1
                    : e.triggerInstance().payload().path("body").path("n").asInt(-1);
            if (n >= 0 && n < accepted.length) {
                executions[n]++;
                seqOf.put(e.id(), n);
                all.put(e.id(), e);
            }
        }
        List<Execution> retries = retriesOf(new ArrayList<>(all.keySet()), seqOf, all);
        boolean[] reportedFailure = new boolean[accepted.length];
        for (Execution e : all.values()) {
            int n = seqOf.getOrDefault(e.id(), -1);
            if (n >= 0 && e.status().completed() && e.status() != ExecutionStatus.SUCCEEDED) {
                reportedFailure[n] = true;
            }
        }
        Seqs seqs = Seqs.of(accepted, executions, effects(effectsFile, accepted.length), reportedFailure);
        return new Count(seqs, runs(all, retried, stream), originals.size(), retries.size(), all.size());
    }

    private Runs runs(Map<String, Execution> all, boolean retried, StreamWatcher stream) {
        Map<String, Integer> announced = announcements(new ArrayList<>(all.keySet()));
        int abandoned = 0, notSucceeded = 0, unannounced = 0, twice = 0, streamMissing = 0, pending = 0;
        for (Execution e : all.values()) {
            boolean done = e.status().completed();
            int a = announced.getOrDefault(e.id(), 0);
            abandoned += e.status() == ExecutionStatus.ABANDONED ? 1 : 0;
            notSucceeded += done && e.status() != ExecutionStatus.SUCCEEDED ? 1 : 0;
            unannounced += done && a == 0 ? 1 : 0;
            twice += a > 1 ? 1 : 0;
            streamMissing += done && !(stream.sawCreate(e.id()) && stream.sawCompletion(e.id())) ? 1 : 0;
            pending += !done || retryDue(e, retried, all) ? 1 : 0;
        }
        return new Runs(abandoned, notSucceeded, unannounced, twice, streamMissing, pending);
    }

    /** Retries of the given executions, and of those retries, each mapped to the seq of its original. */
    private List<Execution> retriesOf(List<String> ids, Map<String, Integer> seqOf, Map<String, Execution> all) {
        List<Execution> out = new ArrayList<>();
        List<String> level = ids;
        while (!level.isEmpty()) {
            List<Execution> found = store.executions()
                    .find(Query.of(Filter.in("context.policies.retry.retried_liveaction_id", List.copyOf(level))));
            List<String> next = new ArrayList<>();
            for (Execution r : found) {
                String of = retriedOf(r);
                if (all.putIfAbsent(r.id(), r) == null) {
                    seqOf.put(r.id(), seqOf.getOrDefault(of, -1));
                    out.add(r);
                    next.add(r.id());
                }
            }
            level = next;
        }
        return out;
    }

    /** An abandoned execution under the retry policy whose retry does not exist yet. */
    private static boolean retryDue(Execution e, boolean retried, Map<String, Execution> all) {
        if (!retried || e.status() != ExecutionStatus.ABANDONED || retryCount(e) >= ChaosPack.MAX_RETRY_COUNT) {
            return false;
        }
        return all.values().stream().noneMatch(r -> e.id().equals(retriedOf(r)));
    }

    private static String retriedOf(Execution r) {
        ExecutionContext.Retry retry = r.context().retry();
        return retry == null || retry.retriedLiveactionId() == null ? "" : retry.retriedLiveactionId();
    }

    private Map<String, Integer> announcements(List<String> executionIds) {
        Map<String, Integer> out = new HashMap<>();
        if (executionIds.isEmpty()) {
            return out;
        }
        List<TriggerInstance> found = store.store(Kinds.TRIGGER_INSTANCE)
                .find(Query.of(Filter.and(
                        Filter.eq("trigger", ACTION_TRIGGER),
                        Filter.in("payload.execution_id", List.copyOf(executionIds)))));
        for (TriggerInstance t : found) {
            out.merge(t.payload().path("execution_id").asText(), 1, Integer::sum);
        }
        return out;
    }

    private static int[] effects(Path file, int count) {
        int[] out = new int[count];
        if (!Files.exists(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                try {
                    int n = Integer.parseInt(line.trim());
                    if (n >= 0 && n < count) {
                        out[n]++;
                    }
                } catch (NumberFormatException partial) {
                    // a line being written right now; counted on the next look
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static int retryCount(Execution e) {
        return e.context().retryCount();
    }
}
