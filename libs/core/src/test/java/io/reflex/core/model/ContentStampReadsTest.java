package io.reflex.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ContentStampReadsTest {
    final AtomicReference<String> stored = new AtomicReference<>("one");
    final AtomicInteger reads = new AtomicInteger();

    @Test
    void aCallerAloneReadsEveryTime() {
        ContentStamp.Reads stamps = new ContentStamp.Reads(() -> {
            reads.incrementAndGet();
            return stored.get();
        });
        assertThat(stamps.current()).isEqualTo("one");
        stored.set("two");
        assertThat(stamps.current()).isEqualTo("two");
        assertThat(reads).hasValue(2);
    }

    @Test
    void aCallerArrivingDuringAReadGetsTheNextReadNotTheOneInFlight() throws Exception {
        CountDownLatch firstReadStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstRead = new CountDownLatch(1);
        ContentStamp.Reads stamps = new ContentStamp.Reads(() -> {
            int n = reads.incrementAndGet();
            String value = stored.get();
            if (n == 1) {
                firstReadStarted.countDown();
                await(releaseFirstRead);
            }
            return value;
        });
        CompletableFuture<String> first = CompletableFuture.supplyAsync(stamps::current);
        assertThat(firstReadStarted.await(10, TimeUnit.SECONDS)).isTrue();
        // a renewal stored while the first read is in flight, before the later callers arrive
        stored.set("two");
        CompletableFuture<String> second = waiting(stamps);
        CompletableFuture<String> third = waiting(stamps);
        releaseFirstRead.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("one");
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("two");
        assertThat(third.get(10, TimeUnit.SECONDS)).isEqualTo("two");
        assertThat(reads)
                .as("both later callers share the one read begun after they arrived")
                .hasValue(2);
    }

    @Test
    void callersWaitingOnAFailedReadReadAgain() throws Exception {
        CountDownLatch firstReadStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstRead = new CountDownLatch(1);
        ContentStamp.Reads stamps = new ContentStamp.Reads(() -> {
            if (reads.incrementAndGet() == 1) {
                firstReadStarted.countDown();
                await(releaseFirstRead);
                throw new IllegalStateException("store down");
            }
            return stored.get();
        });
        CompletableFuture<String> first = CompletableFuture.supplyAsync(stamps::current);
        assertThat(firstReadStarted.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> second = waiting(stamps);
        releaseFirstRead.countDown();

        assertThat(first).failsWithin(10, TimeUnit.SECONDS);
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("one");
    }

    /** A caller of {@code stamps} on its own thread, returned once it waits for the read in flight. */
    private static CompletableFuture<String> waiting(ContentStamp.Reads stamps) throws InterruptedException {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(stamps.current());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(t.getState()).isEqualTo(Thread.State.WAITING);
        return result;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
