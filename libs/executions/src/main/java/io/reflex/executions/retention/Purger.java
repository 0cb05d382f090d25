package io.reflex.executions.retention;

import io.reflex.core.execution.Execution;
import io.reflex.core.model.ExecutionOutput;
import io.reflex.core.model.Inquiry;
import io.reflex.core.store.Entity;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;
import io.reflex.executions.ExecutionResults;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Deletes old records in bounded batches: the retention shared by the gc service and {@code reflex purge}.
 * Each batch is one {@link Store#deleteMatching} of at most {@code batchSize} records (for executions: at
 * most {@code batchSize} executions looked up, then their output, their inquiry records and themselves),
 * so memory stays bounded however large the backlog. Deletions are decided by the store (the cut-off
 * filter, or for executions the ids it just matched, which cannot stop matching), so two purgers racing
 * each other delete nothing twice and nothing too young. A dry run only counts (output: one page of
 * execution ids at a time). Blocks on the store; throws the store's {@code StoreException}, leaving
 * what was deleted so far deleted. Holds no state between calls.
 */
public final class Purger {
    /** Told after every deleted batch, on the purging thread. */
    @FunctionalInterface
    public interface BatchListener {
        void batchDeleted(PurgeKind kind, long deleted);
    }

    /**
     * @param purgeIncomplete also purge executions that are not completed, or are {@code abandoned}
     * @param actionRef only executions (and output) of this action; null for all
     * @param dryRun count what would be deleted, delete nothing
     */
    public record Options(boolean purgeIncomplete, String actionRef, boolean dryRun) {
        public static final Options DEFAULT = new Options(false, null, false);
    }

    private final StateStore store;
    private final int batchSize;
    private final BatchListener listener;

    public Purger(StateStore store, int batchSize, BatchListener listener) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, was " + batchSize);
        }
        this.store = Objects.requireNonNull(store, "store");
        this.batchSize = batchSize;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Deletes (or counts, for a dry run) the records of {@code kind} past {@code cutoff}, batch after batch,
     * checking {@code proceed} before each batch and stopping as soon as it turns false.
     */
    public PurgeResult purge(PurgeKind kind, Instant cutoff, Options options, BooleanSupplier proceed) {
        Filter filter = PurgeFilters.of(kind, cutoff, options);
        if (kind == PurgeKind.EXECUTIONS) {
            return options.dryRun() ? countExecutions(filter, cutoff) : purgeExecutions(filter, cutoff, proceed);
        }
        Store<?> records = store(kind);
        if (options.dryRun()) {
            return new PurgeResult(kind, cutoff, records.count(filter), 0, true, false);
        }
        long deleted = 0;
        while (true) {
            if (!proceed.getAsBoolean()) {
                return new PurgeResult(kind, cutoff, deleted, 0, false, true);
            }
            long n = records.deleteMatching(filter, batchSize);
            deleted += n;
            if (n > 0) {
                listener.batchDeleted(kind, n);
            }
            if (n < batchSize) {
                return new PurgeResult(kind, cutoff, deleted, 0, false, false);
            }
        }
    }

    private PurgeResult purgeExecutions(Filter filter, Instant cutoff, BooleanSupplier proceed) {
        Store<Execution> executions = store.executions();
        long deleted = 0;
        long output = 0;
        List<String> previous = List.of();
        while (true) {
            if (!proceed.getAsBoolean()) {
                return new PurgeResult(PurgeKind.EXECUTIONS, cutoff, deleted, output, false, true);
            }
            List<String> ids = idsOf(executions.find(Query.of(filter).page(0, batchSize)));
            if (ids.isEmpty() || ids.equals(previous)) {
                // the same batch found twice means the store would not delete it: stop rather than spin
                return new PurgeResult(PurgeKind.EXECUTIONS, cutoff, deleted, output, false, false);
            }
            // output and inquiry records first: a crash in between leaves executions to delete next time,
            // never output that nothing would ever delete
            output += deleteAll(store.store(Kinds.EXECUTION_OUTPUT), Filter.in("execution_id", ids));
            Store<Inquiry> inquiries = store.store(Kinds.INQUIRY);
            inquiries.deleteMatching(Filter.in("id", ids), ids.size());
            // results too large for the record live in chunks of their own (see ExecutionResults)
            deleteAll(store.store(ExecutionResults.KIND), Filter.in("execution_id", ids));
            // by id alone: an execution that matched keeps matching (completed statuses are final, its
            // timestamps never move), and a lookup by ids is one an index answers even on mongo-java-server
            long n = executions.deleteMatching(Filter.in("id", ids), ids.size());
            deleted += n;
            if (n > 0) {
                listener.batchDeleted(PurgeKind.EXECUTIONS, n);
            }
            if (ids.size() < batchSize) {
                return new PurgeResult(PurgeKind.EXECUTIONS, cutoff, deleted, output, false, false);
            }
            previous = ids;
        }
    }

    private PurgeResult countExecutions(Filter filter, Instant cutoff) {
        Store<Execution> executions = store.executions();
        Store<ExecutionOutput> outputs = store.store(Kinds.EXECUTION_OUTPUT);
        long count = executions.count(filter);
        long output = 0;
        String last = null;
        while (true) {
            Filter page = last == null ? filter : Filter.and(filter, Filter.gt("id", last));
            List<String> ids = idsOf(executions.find(Query.of(page).page(0, batchSize)));
            if (ids.isEmpty()) {
                return new PurgeResult(PurgeKind.EXECUTIONS, cutoff, count, output, true, false);
            }
            output += outputs.count(Filter.in("execution_id", ids));
            last = ids.get(ids.size() - 1);
        }
    }

    private long deleteAll(Store<?> records, Filter filter) {
        long total = 0;
        long n;
        do {
            n = records.deleteMatching(filter, batchSize);
            total += n;
        } while (n == batchSize);
        return total;
    }

    private Store<? extends Entity> store(PurgeKind kind) {
        return switch (kind) {
            case EXECUTIONS -> store.executions();
            case OUTPUT -> store.store(Kinds.EXECUTION_OUTPUT);
            case TRIGGER_INSTANCES -> store.store(Kinds.TRIGGER_INSTANCE);
            case TOKENS -> store.store(Kinds.TOKEN);
            case RULE_ENFORCEMENTS -> store.store(Kinds.RULE_ENFORCEMENT);
            case KEYS -> store.store(Kinds.KEY_VALUE_PAIR);
        };
    }

    private static List<String> idsOf(List<Execution> executions) {
        return executions.stream().map(Execution::id).toList();
    }
}
