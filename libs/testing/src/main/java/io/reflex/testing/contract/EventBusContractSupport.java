package io.reflex.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.bus.EventBus;
import io.reflex.core.bus.LogStream;
import io.reflex.core.bus.Topic;
import io.reflex.core.bus.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * Fixtures of the {@link EventBusContract}: one bus per test, names unique per test (so runs against a
 * shared broker never collide), subscriptions closed and broker objects cleaned up after each test.
 */
public abstract class EventBusContractSupport {
    /** How long a test waits for something that should happen; generous for a slow shared machine. */
    protected static final Duration PATIENCE = Duration.ofSeconds(30);

    /** What the contract exercises; a backend may opt out of one only with a reason (see {@link #unsupported}). */
    public enum Feature {
        WORK_QUEUES,
        DEAD_LETTERS,
        TOPICS,
        LOGS
    }

    /** The message of the contract tests; the instant exercises the shared JSON timestamp format. */
    public record Note(String text, int n, Instant at) {
        public Note(String text, int n) {
            this(text, n, Instant.parse("2026-01-02T03:04:05.123456Z"));
        }
    }

    /** Reads a {@link Note}'s JSON only when its text is a number, so a Note is undecodable as this. */
    public record Numbered(long text) {}

    /** A record whose accessor throws, so Jackson cannot write it. */
    public record Unwritable(String text) {
        @Override
        public String text() {
            throw new IllegalStateException("not writable");
        }
    }

    protected EventBus bus;
    private final List<String> queueNames = new ArrayList<>();
    private final List<String> topicNames = new ArrayList<>();
    private final List<String> logNames = new ArrayList<>();
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    /** A new bus connected to the backend under test; closed by the contract after each test. */
    protected abstract EventBus newBus();

    /** The delivery limit the buses of {@link #newBus()} use. */
    protected int deliveryLimit() {
        return 5;
    }

    /** Features this backend legitimately cannot offer, each with the reason shown on the skipped test. */
    protected Map<Feature, String> unsupported() {
        return Map.of();
    }

    /** Removes what the test created on the broker (queues with their dead-letter queues, topics, logs). */
    protected void deleteCreated(List<String> queues, List<String> topics, List<String> logs) {}

    @BeforeEach
    final void openBus() {
        bus = newBus();
    }

    @AfterEach
    final void closeBus() throws Exception {
        for (AutoCloseable c : closeAfter.reversed()) {
            c.close();
        }
        if (bus != null) {
            bus.close();
        }
        deleteCreated(queueNames, topicNames, logNames);
    }

    protected final void assumeSupported(Feature feature) {
        String reason = unsupported().get(feature);
        Assumptions.assumeTrue(reason == null, () -> feature + " not supported by this backend: " + reason);
    }

    protected final WorkQueue<Note> newQueue() {
        String name = uniqueName("q");
        queueNames.add(name);
        return new WorkQueue<>(name, Note.class);
    }

    protected final Topic<Note> newTopic() {
        String name = uniqueName("t");
        topicNames.add(name);
        return new Topic<>(name, Note.class);
    }

    protected final LogStream<Note> newLog() {
        String name = uniqueName("l");
        logNames.add(name);
        return new LogStream<>(name, Note.class);
    }

    /** Closes {@code s} after the test even when the test fails first. */
    protected final <S extends AutoCloseable> S closeLater(S s) {
        closeAfter.add(s);
        return s;
    }

    private static String uniqueName(String kind) {
        return "reflex-contract-" + kind + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    }

    /** Takes exactly {@code n} items, failing when one does not arrive within {@link #PATIENCE}. */
    protected static <T> List<T> take(BlockingQueue<T> queue, int n) throws InterruptedException {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            T item = queue.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(item).as("item %d of %d", i + 1, n).isNotNull();
            out.add(item);
        }
        return out;
    }
}
