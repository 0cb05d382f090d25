package io.reflex.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The confirm bookkeeping of the shared publishing channel: which waiting publishes an ack or nack settles. */
class PublisherConfirmsTest {
    private final Publisher.Confirms confirms = new Publisher.Confirms();

    @Test
    void anAckForManySettlesEveryNumberUpToItAndNoMore() {
        List<CompletableFuture<Void>> owed =
                List.of(confirms.expect(1), confirms.expect(2), confirms.expect(3), confirms.expect(4));

        confirms.settle(3, true, null);

        assertThat(owed.subList(0, 3)).allSatisfy(c -> assertThat(c).isCompleted());
        assertThat(owed.get(3)).isNotDone();
        assertThat(confirms.owed()).isEqualTo(1);
    }

    @Test
    void anAckOrNackForOneSettlesThatOneOnly() {
        CompletableFuture<Void> first = confirms.expect(1);
        CompletableFuture<Void> second = confirms.expect(2);
        CompletableFuture<Void> third = confirms.expect(3);

        confirms.settle(2, false, new IOException("nack"));
        confirms.settle(3, false, null);

        assertThat(first).isNotDone();
        assertThat(second).isCompletedExceptionally();
        assertThat(third).isCompleted();
    }

    @Test
    void aNackForManyFailsEveryNumberUpToIt() {
        CompletableFuture<Void> first = confirms.expect(7);
        CompletableFuture<Void> second = confirms.expect(8);
        CompletableFuture<Void> later = confirms.expect(9);

        confirms.settle(8, true, new IOException("nack"));

        assertThat(first).isCompletedExceptionally();
        assertThat(second).isCompletedExceptionally();
        assertThat(later).isNotDone();
    }

    @Test
    void aClosedChannelFailsEveryConfirmStillOwed() {
        CompletableFuture<Void> first = confirms.expect(1);
        CompletableFuture<Void> second = confirms.expect(2);
        confirms.settle(1, false, null);

        confirms.failAll(new IOException("channel closed"));

        assertThat(first).isCompleted().isNotCompletedExceptionally();
        assertThat(second).isCompletedExceptionally();
        assertThat(confirms.owed()).isZero();
    }

    @Test
    void aPublisherThatStoppedWaitingIsForgottenAndItsLateAckIgnored() {
        CompletableFuture<Void> gaveUp = confirms.expect(1);
        CompletableFuture<Void> waits = confirms.expect(2);

        confirms.forget(List.of(1L));
        confirms.settle(2, true, null);

        assertThat(gaveUp).as("nobody completes a forgotten confirm").isNotDone();
        assertThat(waits).isCompleted();
        assertThat(confirms.owed()).isZero();
    }
}
