package io.reflex.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.reflex.core.bus.Delivery;
import io.reflex.core.bus.MessageHandler;
import io.reflex.core.bus.PoisonMessageException;
import io.reflex.core.bus.Subscription;
import io.reflex.core.bus.Topic;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One topic subscription: an exclusive, auto-delete, server-named queue bound to the topic's exchange with
 * the subscriber's pattern, consumed on its own channel. Messages are handled one at a time, in the order
 * the broker sent them, on one virtual thread. A failing handler is retried in place (keeping the order)
 * up to the delivery limit; then the message is logged and dropped: the queue is private, so there is no
 * dead-letter queue to send it to. After a reconnect the client declares a new queue and binds it again;
 * messages broadcast in between are missed, as the port says.
 */
final class TopicConsumer<T> implements Subscription {
    private static final Logger log = LoggerFactory.getLogger(TopicConsumer.class);
    private static final int PREFETCH = 64;

    private final Topic<T> topic;
    private final Channel channel;
    private final MessageHandler<T> handler;
    private final int deliveryLimit;
    private final Duration retryDelay;
    private final ConsumerThreads threads;
    private volatile String consumerTag;

    TopicConsumer(Topic<T> topic, Channel channel, MessageHandler<T> handler, RabbitBusConfig config) {
        this.topic = topic;
        this.channel = channel;
        this.handler = handler;
        this.deliveryLimit = config.deliveryLimit();
        this.retryDelay = config.retryDelay();
        this.threads = ConsumerThreads.inOrder("bus-topic-" + topic.name());
    }

    void start(String bindingPattern) throws IOException {
        channel.basicQos(PREFETCH);
        String queue = channel.queueDeclare("", false, true, true, null).getQueue();
        channel.queueBind(queue, topic.name(), bindingPattern);
        consumerTag = channel.basicConsume(queue, false, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                threads.execute(() -> deliver(envelope, props, body));
            }
        });
        log.info("bus subscribed topic={} pattern={}", topic.name(), bindingPattern);
    }

    private void deliver(Envelope envelope, AMQP.BasicProperties props, byte[] body) {
        if (threads.stopping()) {
            return;
        }
        T message;
        try {
            message = WireFormat.decode(body, topic.type());
        } catch (RuntimeException e) {
            log.warn(
                    "bus broadcast undecodable topic={} message_id={} error={}",
                    topic.name(),
                    props.getMessageId(),
                    e.getMessage());
            ack(envelope);
            return;
        }
        for (int attempt = 1; attempt <= deliveryLimit && !threads.stopping(); attempt++) {
            try {
                handler.handle(new Delivery<>(message, props.getMessageId(), envelope.getRoutingKey(), attempt));
                ack(envelope);
                return;
            } catch (PoisonMessageException e) {
                break;
            } catch (Exception e) {
                log.info(
                        "bus broadcast handler failed topic={} message_id={} attempt={} error={}",
                        topic.name(),
                        props.getMessageId(),
                        attempt,
                        e.toString());
                threads.pause(retryDelay);
            }
        }
        log.warn(
                "bus broadcast dropped topic={} message_id={} routing_key={}",
                topic.name(),
                props.getMessageId(),
                envelope.getRoutingKey());
        ack(envelope);
    }

    private void ack(Envelope envelope) {
        try {
            channel.basicAck(envelope.getDeliveryTag(), false);
        } catch (IOException | ShutdownSignalException e) {
            // reconnecting: the old private queue is gone with its messages
        }
    }

    @Override
    public void close() {
        threads.close(channel, consumerTag, () -> {});
    }
}
