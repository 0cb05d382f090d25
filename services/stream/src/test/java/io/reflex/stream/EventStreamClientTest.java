package io.reflex.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reflex.core.bus.LocalEventLog;
import io.reflex.core.json.Json;
import io.reflex.core.messages.Channels.StreamEvent;
import io.reflex.core.text.Glob;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

    LocalEventLog<StreamEvent> log;
    LogFanout fanout;
    final AtomicLong dispatched = new AtomicLong(-1);

    @BeforeEach
    void start() {
        log = new LocalEventLog<>(StreamEvent.class, 10_000, 1 << 24, Duration.ofHours(1));
        fanout = new LogFanout(log);
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
        EventStreamClient.resume(sink, all(), fanout, log, 2, settings(8));
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
        EventStreamClient.resume(sink, all(), fanout, log, 4, settings(100));
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
