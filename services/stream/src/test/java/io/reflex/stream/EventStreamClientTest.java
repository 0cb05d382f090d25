package io.reflex.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.bus.LocalEventLog;
import io.reflex.core.execution.Execution;
import io.reflex.core.json.Json;
import io.reflex.core.messages.Channels.StreamEvent;
import io.reflex.core.text.Glob;
import io.reflex.executions.ExecutionViews;
import io.reflex.testing.contract.StateStoreSamples;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The resume hand-over of {@link EventStreamClient}, driven step by step against a recording sink. */
class EventStreamClientTest {
    private static final Pattern ID = Pattern.compile("^id: (\\d+)\n", Pattern.MULTILINE);
    private static final Pattern ANY_ID = Pattern.compile("^id: (\\S+)\nevent: (\\S+)\n", Pattern.MULTILINE);
    private static final ExecutionViews.Options VIEWS = new ExecutionViews.Options(true, "");
    private static final Execution EXECUTION = StateStoreSamples.execution("e1", "core.local", Instant.now());

    LocalEventLog<StreamEvent> log;
    LogFanout fanout;
    final AtomicLong dispatched = new AtomicLong(-1);

    @BeforeEach
    void start() {
        log = new LocalEventLog<>(StreamEvent.class, 10_000, 1 << 24, Duration.ofHours(1));
        fanout = new LogFanout(new RenderedLog(log, VIEWS));
        fanout.start();
        fanout.register(e -> dispatched.set(e.offset()));
    }

    @AfterEach
    void stop() {
        fanout.close();
    }

    void append(int n) {
        for (int i = 0; i < n; i++) {
            log.append(new StreamEvent("st2.announcement__t", Json.object()));
        }
    }

    void awaitDispatched(long offset) {
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatched.get() >= offset);
    }

    static EventFilter all() {
        return new EventFilter(List.of(Glob.of("*")), java.util.Set.of(), java.util.Set.of(), null, null);
    }

    @Test
    void liveRecordsParkedDuringAReplayFollowItWithoutGapOrRepeatEvenWhenTheParkingOverflows() throws Exception {
        append(10);
        awaitDispatched(9);
        RecordingSink sink = new RecordingSink();
        EventStreamClient.resume(sink, all(), fanout, streamLog(), whole(2), settings(8));
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.waiting.getCount() == 0);
        append(30);
        awaitDispatched(39);
        sink.gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.ids().size() >= 37);
        assertThat(sink.ids())
                .containsExactlyElementsOf(LongStream.rangeClosed(3, 39).boxed().toList());
        append(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.ids().size() >= 39);
        assertThat(sink.ids())
                .containsExactlyElementsOf(LongStream.rangeClosed(3, 41).boxed().toList());
    }

    @Test
    void aResumeFromTheNewestRecordNeedsNoReplayAndSkipsNothing() throws Exception {
        append(5);
        awaitDispatched(4);
        RecordingSink sink = new RecordingSink();
        sink.gate.countDown();
        EventStreamClient.resume(sink, all(), fanout, streamLog(), whole(4), settings(100));
        append(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.ids().size() >= 3);
        assertThat(sink.ids()).containsExactly(5L, 6L, 7L);
        assertThat(sink.waiting.getCount())
                .as("no replay reader waited for room")
                .isEqualTo(1);
    }

    @Test
    void aLiveClientWhoseBufferIsFullIsCutAndLeavesTheFanout() {
        RecordingSink sink = new RecordingSink();
        sink.refuse = true;
        int before = fanout.listeners();
        EventStreamClient.live(sink, all(), fanout);
        assertThat(fanout.listeners()).isEqualTo(before + 1);
        append(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.cutReason != null);
        assertThat(sink.cutReason).isEqualTo("buffer_full");
        assertThat(fanout.listeners()).isEqualTo(before);
    }

    /** Appends {@code n} records, each standing for an execution's two views of one change. */
    void appendChanges(int n) {
        for (int i = 0; i < n; i++) {
            log.append(StreamEvent.ofExecution(List.of("st2.execution__update", "st2.liveaction__update"), EXECUTION));
        }
    }

    RenderedLog streamLog() {
        return new RenderedLog(log, VIEWS);
    }

    static EventStreamClient.Seen whole(long offset) {
        return new EventStreamClient.Seen(offset, EventStreamClient.Seen.WHOLE);
    }

    static EventFilter only(String event) {
        return new EventFilter(List.of(Glob.of(event)), java.util.Set.of(), java.util.Set.of(), null, null);
    }

    @Test
    void aRecordOfTwoEventsIsServedAsTwoWhoseIdsSayWhichOfTheRecordTheClientSawLast() {
        RecordingSink sink = new RecordingSink();
        EventStreamClient.live(sink, all(), fanout);
        appendChanges(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.events().size() >= 4);
        assertThat(sink.events())
                .containsExactly(
                        "0:0 st2.execution__update",
                        "0 st2.liveaction__update",
                        "1:0 st2.execution__update",
                        "1 st2.liveaction__update");
        assertThat(sink.frames.get(0)).contains("\"action\":{").contains("\"ref\":\"core.local\"");
        assertThat(sink.frames.get(1)).contains("\"action\":\"core.local\"");
    }

    @Test
    void aClientThatSawTheFirstEventOfARecordResumesWithItsSecondAndOneThatSawItWholeAfterIt() {
        appendChanges(3);
        awaitDispatched(2);
        RecordingSink partly = new RecordingSink();
        partly.gate.countDown();
        EventStreamClient.resume(
                partly,
                all(),
                fanout,
                streamLog(),
                EventStreamClient.Seen.parse("1:0").orElseThrow(),
                settings(100));
        RecordingSink wholly = new RecordingSink();
        wholly.gate.countDown();
        EventStreamClient.resume(wholly, all(), fanout, streamLog(), whole(1), settings(100));
        appendChanges(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> partly.events().size() >= 5 && wholly.events().size() >= 4);
        assertThat(partly.events())
                .containsExactly(
                        "1 st2.liveaction__update",
                        "2:0 st2.execution__update",
                        "2 st2.liveaction__update",
                        "3:0 st2.execution__update",
                        "3 st2.liveaction__update");
        assertThat(wholly.events())
                .containsExactly(
                        "2:0 st2.execution__update",
                        "2 st2.liveaction__update",
                        "3:0 st2.execution__update",
                        "3 st2.liveaction__update");
    }

    @Test
    void aClientThatWantsOneViewGetsItsIdsAndResumesAfterThemWithoutTheOtherView() {
        appendChanges(2);
        awaitDispatched(1);
        RecordingSink executions = new RecordingSink();
        executions.gate.countDown();
        EventStreamClient.resume(
                executions,
                only("st2.execution__*"),
                fanout,
                streamLog(),
                EventStreamClient.Seen.parse("0:0").orElseThrow(),
                settings(100));
        RecordingSink liveactions = new RecordingSink();
        liveactions.gate.countDown();
        EventStreamClient.resume(
                liveactions,
                only("st2.liveaction__*"),
                fanout,
                streamLog(),
                EventStreamClient.Seen.parse("0").orElseThrow(),
                settings(100));
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        executions.events().size() >= 1 && liveactions.events().size() >= 1);
        appendChanges(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        executions.events().size() >= 2 && liveactions.events().size() >= 2);
        assertThat(executions.events()).containsExactly("1:0 st2.execution__update", "2:0 st2.execution__update");
        assertThat(liveactions.events()).containsExactly("1 st2.liveaction__update", "2 st2.liveaction__update");
    }

    @Test
    void lastEventIdsAreARecordOrAnEventOfOne() {
        assertThat(EventStreamClient.Seen.parse("7")).contains(whole(7));
        assertThat(EventStreamClient.Seen.parse("7:0")).contains(new EventStreamClient.Seen(7, 1));
        assertThat(EventStreamClient.Seen.parse("0:3")).contains(new EventStreamClient.Seen(0, 4));
        assertThat(EventStreamClient.Seen.parse("7").orElseThrow().lastWhole()).isEqualTo(7);
        assertThat(EventStreamClient.Seen.parse("7:0").orElseThrow().lastWhole())
                .isEqualTo(6);
        assertThat(EventStreamClient.Seen.parse("0:0").orElseThrow().lastWhole())
                .isEqualTo(-1);
        for (String bad : List.of("", "-1", "x", "7:", ":1", "7:-1", "7:x", "7:1:2", "2147483647:2147483647")) {
            assertThat(EventStreamClient.Seen.parse(bad)).as(bad).isEmpty();
        }
    }

    static StreamSettings settings(int buffer) {
        return new StreamSettings(Duration.ofSeconds(30), buffer, true);
    }

    /** Records frames; {@link #awaitRoom} blocks until {@link #gate} opens, to hold a replay in place. */
    static final class RecordingSink implements FrameSink {
        final CountDownLatch gate = new CountDownLatch(1);
        final CountDownLatch waiting = new CountDownLatch(1);
        final List<String> frames = new ArrayList<>();
        final List<Runnable> onClose = new ArrayList<>();
        volatile boolean refuse;
        volatile String cutReason;
        volatile boolean closed;

        /** "id event" of every frame with an id. */
        synchronized List<String> events() {
            List<String> out = new ArrayList<>();
            for (String f : frames) {
                Matcher m = ANY_ID.matcher(f);
                if (m.find()) {
                    out.add(m.group(1) + " " + m.group(2));
                }
            }
            return out;
        }

        synchronized List<Long> ids() {
            List<Long> ids = new ArrayList<>();
            for (String f : frames) {
                Matcher m = ID.matcher(f);
                if (m.find()) {
                    ids.add(Long.parseLong(m.group(1)));
                }
            }
            return ids;
        }

        @Override
        public String client() {
            return "test";
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public synchronized boolean offer(byte[] frame) {
            if (refuse) {
                return false;
            }
            frames.add(new String(frame, StandardCharsets.UTF_8));
            return true;
        }

        @Override
        public synchronized void offerBeyondLimit(byte[] frame) {
            frames.add(new String(frame, StandardCharsets.UTF_8));
        }

        @Override
        public boolean awaitRoom(Duration max) throws InterruptedException {
            waiting.countDown();
            gate.await();
            return true;
        }

        @Override
        public void finish() {
            close();
        }

        @Override
        public void cut(String reason) {
            cutReason = reason;
            close();
        }

        @Override
        public void onClose(Runnable action) {
            synchronized (this) {
                if (!closed) {
                    onClose.add(action);
                    return;
                }
            }
            action.run();
        }

        private void close() {
            List<Runnable> actions;
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                actions = List.copyOf(onClose);
            }
            actions.forEach(Runnable::run);
        }
    }
}
