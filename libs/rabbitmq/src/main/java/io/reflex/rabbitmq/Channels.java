package io.reflex.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

/** Closing helpers: a channel or connection that is already gone is not an error when we wanted it gone. */
final class Channels {
    private Channels() {}

    static void closeQuietly(Channel channel) {
        if (channel == null) {
            return;
        }
        try {
            // Always call close: on an auto-recovering connection it also stops the channel being recovered.
            channel.close();
        } catch (Exception ignored) {
            // closed concurrently or connection lost: the broker releases it either way
        }
    }

    static void closeQuietly(Connection connection, int timeoutMillis) {
        try {
            connection.close(timeoutMillis);
        } catch (Exception ignored) {
            // already closed or unreachable
        }
    }
}
