package io.reflex.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.core.bus.EventLog;
import io.reflex.core.bus.LogPosition;
import io.reflex.core.bus.LogRecord;
import io.reflex.core.bus.LogStream;
import io.reflex.core.bus.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/** The {@link io.reflex.core.bus.EventLog} part of the {@link EventBusContract}. */
public abstract class EventBusLogContract extends EventBusContractSupport {

    @Test
    void logReadFromFirstReturnsEveryRecordInAppendOrderWithGrowingOffsets() throws Exception {
        assumeSupported(Feature.LOGS);
        EventLog<Note> log = bus.log(newLog());
        appendAll(log, 0, 5);
        BlockingQueue<LogRecord<Note>> got = new LinkedBlockingQueue<>();
        closeLater(log.read(LogPosition.first(), got::add));
        List<LogRecord<Note>> records = take(got, 5);
        assertThat(records).extracting(r -> r.body().n()).containsExactly(0, 1, 2, 3, 4);
        assertThat(records).extracting(LogRecord::offset).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void recordsAppendedTogetherFollowEarlierOnesInTheirOrder() throws Exception {
        assumeSupported(Feature.LOGS);
        EventLog<Note> log = bus.log(newLog());
        appendAll(log, 0, 2);
        log.appendAll(List.of(new Note("record-2", 2), new Note("record-3", 3), new Note("record-4", 4)));
        log.appendAll(List.of());
        BlockingQueue<LogRecord<Note>> got = new LinkedBlockingQueue<>();
        closeLater(log.read(LogPosition.first(), got::add));
        assertThat(take(got, 5)).extracting(r -> r.body().n()).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void logReadFromNextSeesOnlyRecordsAppendedAfterTheReaderStarted() throws Exception {
        assumeSupported(Feature.LOGS);
        EventLog<Note> log = bus.log(newLog());
        appendAll(log, 0, 3);
        BlockingQueue<LogRecord<Note>> got = new LinkedBlockingQueue<>();
        closeLater(log.read(LogPosition.next(), got::add));
        appendAll(log, 3, 2);
        assertThat(take(got, 2)).extracting(r -> r.body().n()).containsExactly(3, 4);
        assertThat(got).isEmpty();
    }

    @Test
    void logReadAfterAnOffsetStartsWithTheRecordAfterIt() throws Exception {
        assumeSupported(Feature.LOGS);
        EventLog<Note> log = bus.log(newLog());
        appendAll(log, 0, 4);
        BlockingQueue<LogRecord<Note>> all = new LinkedBlockingQueue<>();
        try (Subscription ignored = log.read(LogPosition.first(), all::add)) {
            List<LogRecord<Note>> records = take(all, 4);
            BlockingQueue<LogRecord<Note>> got = new LinkedBlockingQueue<>();
            closeLater(log.read(LogPosition.after(records.get(1).offset()), got::add));
            assertThat(take(got, 2)).containsExactlyElementsOf(records.subList(2, 4));
        }
    }

    @Test
    void resumingAfterTheLastSeenOffsetDeliversEachRecordExactlyOnceInOrder() throws Exception {
        assumeSupported(Feature.LOGS);
        EventLog<Note> log = bus.log(newLog());
        appendAll(log, 0, 5);
        BlockingQueue<LogRecord<Note>> first = new LinkedBlockingQueue<>();
        Subscription reader = log.read(LogPosition.first(), first::add);
        List<LogRecord<Note>> seen = new ArrayList<>(take(first, 3));
        reader.close();
        first.drainTo(seen);
        appendAll(log, 5, 3);
        BlockingQueue<LogRecord<Note>> second = new LinkedBlockingQueue<>();
        closeLater(log.read(LogPosition.after(seen.getLast().offset()), second::add));
        seen.addAll(take(second, 8 - seen.size()));
        assertThat(seen).extracting(r -> r.body().n()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(seen).extracting(LogRecord::offset).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void twoReadersSeeConcurrentAppendsInTheSameOrder() throws Exception {
        assumeSupported(Feature.LOGS);
        EventLog<Note> log = bus.log(newLog());
        BlockingQueue<LogRecord<Note>> a = new LinkedBlockingQueue<>();
        BlockingQueue<LogRecord<Note>> b = new LinkedBlockingQueue<>();
        closeLater(log.read(LogPosition.next(), a::add));
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int base = w * 100;
            writers.add(Thread.ofVirtual().start(() -> appendAll(log, base, 10)));
        }
        for (Thread t : writers) {
            t.join();
        }
        closeLater(log.read(LogPosition.first(), b::add));
        List<LogRecord<Note>> fromA = take(a, 30);
        assertThat(take(b, 30)).containsExactlyElementsOf(fromA);
        assertThat(fromA).extracting(LogRecord::offset).isSorted().doesNotHaveDuplicates();
        for (int w = 0; w < 3; w++) {
            int base = w * 100;
            assertThat(fromA)
                    .extracting(r -> r.body().n())
                    .filteredOn(n -> n >= base && n < base + 10)
                    .as("one writer's records stay in the order it appended them")
                    .isSorted()
                    .hasSize(10);
        }
    }

    @Test
    void aClosedReaderReceivesNoMoreRecords() throws Exception {
        assumeSupported(Feature.LOGS);
        EventLog<Note> log = bus.log(newLog());
        BlockingQueue<LogRecord<Note>> closed = new LinkedBlockingQueue<>();
        Subscription reader = log.read(LogPosition.next(), closed::add);
        appendAll(log, 0, 1);
        take(closed, 1);
        reader.close();
        BlockingQueue<LogRecord<Note>> open = new LinkedBlockingQueue<>();
        closeLater(log.read(LogPosition.next(), open::add));
        appendAll(log, 1, 1);
        assertThat(take(open, 1)).extracting(r -> r.body().n()).containsExactly(1);
        assertThat(closed).isEmpty();
    }

    @Test
    void theSameStreamNameGivesTheSameLog() {
        assumeSupported(Feature.LOGS);
        LogStream<Note> stream = newLog();
        assertThat(bus.log(stream)).isSameAs(bus.log(new LogStream<>(stream.name(), Note.class)));
    }

    @Test
    void aRecordThatCannotBeWrittenAsJsonIsRefusedAtAppend() {
        assumeSupported(Feature.LOGS);
        LogStream<Unwritable> stream = new LogStream<>(newLog().name(), Unwritable.class);
        assertThatThrownBy(() -> bus.log(stream).append(new Unwritable("x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void appendAll(EventLog<Note> log, int from, int count) {
        for (int i = from; i < from + count; i++) {
            log.append(new Note("record-" + i, i));
        }
    }
}
