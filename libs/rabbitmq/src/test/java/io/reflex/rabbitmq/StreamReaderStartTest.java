package io.reflex.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.impl.AMQImpl;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Which refusals a log reader's start waits out: only a new stream's replica missing on its node. */
class StreamReaderStartTest {
    private static IOException refused(int code, String text) {
        return new IOException(
                new ShutdownSignalException(false, false, new AMQImpl.Channel.Close(code, text, 60, 20), null));
    }

    @Test
    void aStreamWithoutItsReplicaOnTheNodeYetIsWaitedFor() {
        assertThat(StreamReader.noLocalReplicaYet(refused(
                        406,
                        "PRECONDITION_FAILED - queue 'queue 'log.events' in vhost '/'' does not have a replica on the"
                                + " local node")))
                .isTrue();
    }

    @Test
    void anyOtherRefusalIsNot() {
        assertThat(StreamReader.noLocalReplicaYet(refused(404, "NOT_FOUND - no queue 'log.events' in vhost '/'")))
                .isFalse();
        assertThat(StreamReader.noLocalReplicaYet(
                        refused(406, "PRECONDITION_FAILED - inequivalent arg 'x-queue-type'")))
                .isFalse();
        assertThat(StreamReader.noLocalReplicaYet(new IOException("connection reset")))
                .isFalse();
    }
}
