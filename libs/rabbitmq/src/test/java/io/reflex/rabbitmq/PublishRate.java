package io.reflex.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.bus.EventBus;
import io.reflex.core.bus.WorkQueue;
import io.reflex.testing.contract.EventBusContractSupport.Note;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A quick confirmed-publish throughput figure for the test log; it asserts only that every publish worked. */
final class PublishRate {
    private static final Logger log = LoggerFactory.getLogger(PublishRate.class);
    private static final int THREADS = 8;
    private static final int PER_THREAD = 500;

    private PublishRate() {}

    static void measure(EventBus bus, WorkQueue<Note> queue, String label) throws InterruptedException {
        bus.publish(queue, "warm-up", new Note("warm-up", -1));
        AtomicInteger published = new AtomicInteger();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < PER_THREAD; i++) {
                    bus.publish(queue, thread + "-" + i, new Note("rate", i));
                    published.incrementAndGet();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        log.info(
                "publish rate broker={} threads={} messages={} msg_per_s={}",
                label,
                THREADS,
                published.get(),
                Math.round(published.get() / seconds));
        assertThat(published).hasValue(THREADS * PER_THREAD);
    }
}
