package io.reflex.core.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalEventLogTest {
    record Item(String name) {}

    record Broken(String name) {
        @Override
        public String name() {
            throw new IllegalStateException("cannot read me");
        }
    }

    private static final Duration DAY = Duration.ofDays(1);

    private final BlockingQueue<LogRecord<Item>> received = new LinkedBlockingQueue<>();

    @Test
    void offsetsStartAtZeroAndReadFromFirstReturnsEveryRecordInOrder() throws Exception {
        LocalEventLog<Item> log = new LocalEventLog<>(Item.class, 100, 1 << 20, DAY);
        append(log, "a", "b", "c");
        try (Subscription ignored = log.read(LogPosition.first(), received::add)) {
            assertThat(take(3)).containsExactly(rec(0, "a"), rec(1, "b"), rec(2, "c"));
        }
    }

    @Test
    void readFromNextSeesOnlyRecordsAppendedAfterTheReaderStarted() throws Exception {
        LocalEventLog<Item> log = new LocalEventLog<>(Item.class, 100, 1 << 20, DAY);
        append(log, "old");
        try (Subscription ignored = log.read(LogPosition.next(), received::add)) {
            append(log, "new");
            assertThat(take(1)).containsExactly(rec(1, "new"));
        }
    }

    @Test
    void readAfterAnOffsetStartsWithTheRecordAfterIt() throws Exception {
        LocalEventLog<Item> log = new LocalEventLog<>(Item.class, 100, 1 << 20, DAY);
        append(log, "a", "b", "c");
        try (Subscription ignored = log.read(LogPosition.after(0), received::add)) {
            assertThat(take(2)).containsExactly(rec(1, "b"), rec(2, "c"));
            append(log, "d");
            assertThat(take(1)).containsExactly(rec(3, "d"));
        }
    }

    @Test
    void readAfterAnOffsetNoLongerRetainedStartsAtTheOldestRetainedRecord() throws Exception {
        LocalEventLog<Item> log = new LocalEventLog<>(Item.class, 3, 1 << 20, DAY);
        append(log, "a", "b", "c", "d", "e");
        try (Subscription ignored = log.read(LogPosition.after(0), received::add)) {
            assertThat(take(3)).containsExactly(rec(2, "c"), rec(3, "d"), rec(4, "e"));
        }
    }

    @Test
    void recordsOlderThanTheMaximumAgeAreDropped() throws Exception {
        MutableClock clock = new MutableClock();
        LocalEventLog<Item> log = new LocalEventLog<>(Item.class, 100, 1 << 20, Duration.ofMinutes(1), clock);
        append(log, "old");
        clock.now = clock.now.plusSeconds(61);
        append(log, "fresh");
        try (Subscription ignored = log.read(LogPosition.first(), received::add)) {
            assertThat(take(1)).containsExactly(rec(1, "fresh"));
        }
    }

    @Test
    void theByteLimitDropsTheOldestRecordsButKeepsTheNewest() throws Exception {
        LocalEventLog<Item> log = new LocalEventLog<>(Item.class, 100, 10, DAY);
        append(log, "first", "second-is-longer-than-the-limit");
        try (Subscription ignored = log.read(LogPosition.first(), received::add)) {
            assertThat(take(1)).containsExactly(rec(1, "second-is-longer-than-the-limit"));
        }
    }

    @Test
    void aRecordThatCannotBeWrittenAsJsonIsRefused() {
        LocalEventLog<Broken> log = new LocalEventLog<>(Broken.class, 100, 1 << 20, DAY);
        assertThatThrownBy(() -> log.append(new Broken("x"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClosedReaderReceivesNothingMore() throws Exception {
        LocalEventLog<Item> log = new LocalEventLog<>(Item.class, 100, 1 << 20, DAY);
        Subscription first = log.read(LogPosition.next(), received::add);
        append(log, "a");
        assertThat(take(1)).containsExactly(rec(0, "a"));
        first.close();
        BlockingQueue<LogRecord<Item>> second = new LinkedBlockingQueue<>();
        try (Subscription ignored = log.read(LogPosition.after(0), second::add)) {
            append(log, "b");
            assertThat(second.poll(5, TimeUnit.SECONDS)).isEqualTo(rec(1, "b"));
        }
        assertThat(received).isEmpty();
    }

    @Test
    void aFailingHandlerDoesNotStopTheReader() throws Exception {
        LocalEventLog<Item> log = new LocalEventLog<>(Item.class, 100, 1 << 20, DAY);
        append(log, "boom", "ok");
        try (Subscription ignored = log.read(LogPosition.first(), r -> {
            if (r.body().name().equals("boom")) {
                throw new IllegalStateException("handler failed");
            }
            received.add(r);
        })) {
            assertThat(take(1)).containsExactly(rec(1, "ok"));
        }
    }

    @Test
    void concurrentAppendsGetDistinctConsecutiveOffsets() throws Exception {
        LocalEventLog<Item> log = new LocalEventLog<>(Item.class, 10_000, 1 << 24, DAY);
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 250; i++) {
                    log.append(new Item(writer + "-" + i));
                }
            }));
        }
        for (Thread t : writers) {
            t.join();
        }
        try (Subscription ignored = log.read(LogPosition.first(), received::add)) {
            List<LogRecord<Item>> all = take(1000);
            assertThat(all).extracting(LogRecord::offset).containsExactlyElementsOf(range(1000));
        }
    }

    private static List<Long> range(int n) {
        List<Long> offsets = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            offsets.add(i);
        }
        return offsets;
    }

    private static void append(LocalEventLog<Item> log, String... names) {
        for (String name : names) {
            log.append(new Item(name));
        }
    }

    private static LogRecord<Item> rec(long offset, String name) {
        return new LogRecord<>(offset, new Item(name));
    }

    private List<LogRecord<Item>> take(int n) throws InterruptedException {
        List<LogRecord<Item>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LogRecord<Item> r = received.poll(5, TimeUnit.SECONDS);
            assertThat(r).as("record %d of %d", i + 1, n).isNotNull();
            out.add(r);
        }
        return out;
    }

    private static final class MutableClock extends Clock {
        volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
