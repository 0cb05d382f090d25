package io.reflex.gc;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.model.Inquiry;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;
import io.reflex.executions.ExecutionWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * StackStorm's inquiry garbage collection: a pending {@code inquirer} execution whose age in whole minutes
 * (from its start) exceeds its ttl becomes {@code timeout}. The ttl is the one the runner reported in
 * {@code result.ttl}, else the {@link Inquiry} record's; a ttl of 0 or less never expires. The change goes
 * through the {@link ExecutionWriter} (compare-and-set, so an answer arriving at the same moment wins or
 * loses cleanly, and the completion is announced), and a paused parent workflow is asked to resume, as when
 * the inquiry is answered. The Inquiry record is left as it is: it has no status of its own (the API reads
 * the execution's), and it is deleted with its execution. Pending executions are read one page at a time.
 */
final class InquiryTimeouts {
    private static final Logger log = LoggerFactory.getLogger(InquiryTimeouts.class);
    static final Filter PENDING_INQUIRIES =
            Filter.and(Filter.eq("status", ExecutionStatus.PENDING.wire()), Filter.eq("runner.name", "inquirer"));

    private final StateStore store;
    private final ExecutionWriter writer;
    private final Clock clock;
    private final int batchSize;
    private final String systemUser;

    InquiryTimeouts(StateStore store, ExecutionWriter writer, Clock clock, int batchSize, String systemUser) {
        this.store = store;
        this.writer = writer;
        this.clock = clock;
        this.batchSize = batchSize;
        this.systemUser = systemUser;
    }

    /**
     * Times out every expired pending inquiry; stops early once {@code proceed} turns false.
     *
     * @return how many were timed out
     */
    int sweep(BooleanSupplier proceed) {
        Instant now = Timestamps.now(clock);
        int count = 0;
        String last = null;
        while (proceed.getAsBoolean()) {
            Filter page = last == null ? PENDING_INQUIRIES : Filter.and(PENDING_INQUIRIES, Filter.gt("id", last));
            List<Execution> pending = store.executions().find(Query.of(page).page(0, batchSize));
            for (Execution e : pending) {
                if (!proceed.getAsBoolean()) {
                    return count;
                }
                if (expired(e, ttlMinutes(e), now) && timeOut(e.id(), now)) {
                    count++;
                }
            }
            if (pending.size() < batchSize) {
                break;
            }
            last = pending.get(pending.size() - 1).id();
        }
        return count;
    }

    /** StackStorm's rule: whole minutes since the start, strictly more than a positive ttl. */
    static boolean expired(Execution e, int ttlMinutes, Instant now) {
        return ttlMinutes > 0 && Duration.between(e.startTimestamp(), now).toMinutes() > ttlMinutes;
    }

    int ttlMinutes(Execution e) {
        JsonNode ttl = e.result().get("ttl");
        if (ttl != null && ttl.isNumber()) {
            return ttl.asInt();
        }
        Store<Inquiry> inquiries = store.store(Kinds.INQUIRY);
        return inquiries.get(e.id()).map(Inquiry::ttl).orElse(0);
    }

    private boolean timeOut(String id, Instant now) {
        AtomicBoolean changed = new AtomicBoolean();
        Execution after;
        try {
            after = writer.apply(id, current -> {
                boolean due = current.status() == ExecutionStatus.PENDING && expired(current, ttlMinutes(current), now);
                changed.set(due);
                return due ? current.transitionTo(ExecutionStatus.TIMEOUT, now) : current;
            });
        } catch (ExecutionWriter.NoSuchExecution | ExecutionWriter.Contended e) {
            log.warn("inquiry not timed out inquiry={} error={}", id, e.getMessage());
            return false;
        }
        if (!changed.get()) {
            return false; // answered, or timed out by someone else, meanwhile
        }
        log.info(
                "inquiry timed out inquiry={} ttl_minutes={} started={}",
                id,
                ttlMinutes(after),
                Timestamps.format(after.startTimestamp()));
        resumeParent(after, now);
        return true;
    }

    private void resumeParent(Execution inquiry, Instant now) {
        if (inquiry.parent() == null) {
            return;
        }
        try {
            writer.apply(inquiry.parent(), parent -> {
                if (parent.status() != ExecutionStatus.PAUSED) {
                    return parent;
                }
                return parent.withContext(parent.context()
                                .with(
                                        "resumed_by",
                                        Json.mapper().getNodeFactory().textNode(systemUser)))
                        .transitionTo(ExecutionStatus.RESUMING, now);
            });
        } catch (RuntimeException e) {
            log.warn("parent not resumed inquiry={} parent={} error={}", inquiry.id(), inquiry.parent(), e.toString());
        }
    }
}
