package io.reflex.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import io.reflex.rabbitmq.RabbitBusConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What one published message costs the RabbitMQ broker, by queue type and message size: the question behind
 * "fewer messages or smaller ones" for the pipeline, whose every execution publishes about ten (two trigger
 * instances, its request, its completion and, per announced status change, two stream events). Publishes
 * {@code --messages} persistent messages of each size to a fresh stream queue and a fresh quorum queue, with
 * publisher confirms every {@code --confirm-every} messages as the services wait for them, and reads the
 * broker's CPU from {@code /proc} before and after each batch. Every size runs {@code --rounds} times,
 * interleaved, so that drift of the machine shows as spread rather than as a size effect. The queues are
 * deleted at the end.
 *
 * <pre>
 * bin/bench broker [--amqp amqp://guest:guest@127.0.0.1:5672] [--messages 4000] [--sizes 100,2300,4600]
 *                  [--confirm-every 2] [--rounds 3] [--report benchmarks/reports/broker.md]
 * </pre>
 *
 * <p>The broker must listen on this host's loopback (its process is found by its port), and this benchmark
 * needs to read that process's {@code /proc} entries (same user, or root).
 */
public final class BrokerBenchmark {
    private static final int AMQP_PORT = 5672;
    private static final List<String> QUEUE_TYPES = List.of("stream", "quorum");

    private BrokerBenchmark() {}

    public static void main(String[] args) throws Exception {
        Args a = new Args("broker", args);
        String amqp = a.value(
                "--amqp", System.getenv().getOrDefault("REFLEX_IT_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672"));
        int messages = a.intValue("--messages", 4000);
        List<Integer> sizes = Arrays.stream(a.value("--sizes", "100,2300,4600").split(","))
                .map(String::trim)
                .map(Integer::parseInt)
                .toList();
        int confirmEvery = a.intValue("--confirm-every", 2);
        int rounds = a.intValue("--rounds", 3);
        Path reportFile = Path.of(a.value("--report", "benchmarks/reports/broker.md"));
        if (!a.ready()) {
            return;
        }
        if (messages < 1 || confirmEvery < 1 || rounds < 1 || sizes.stream().anyMatch(s -> s < 0)) {
            throw new IllegalArgumentException("--messages, --confirm-every and --rounds must be >= 1, sizes >= 0");
        }
        long broker = ListeningProcess.of(URI.create(amqp), AMQP_PORT)
                .orElseThrow(() -> new IllegalStateException("no process of this host listens on the port of " + amqp
                        + " (or its /proc entries cannot be read): the broker's CPU cannot be counted"));

        Report report = new Report(
                "Broker CPU per published message",
                "queue type",
                "message bytes",
                "round",
                "messages",
                "broker CPU ms",
                "broker µs per message");
        report.context("broker: pid " + broker + " listening for "
                + RabbitBusConfig.defaults(amqp).redactedUri() + "; persistent messages," + " publisher confirms every "
                + confirmEvery + " messages, one publishing channel");
        report.context("machine: " + PipelineBenchmark.machine() + "; load average (1, 5, 15 min) before the run: "
                + PipelineBenchmark.loadAverage());
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(amqp);
        String prefix = "reflex.bench.broker." + UUID.randomUUID().toString().substring(0, 8) + ".";
        List<String> queues = new ArrayList<>();
        try (Connection connection = factory.newConnection("reflex-bench-broker");
                Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            try {
                for (String type : QUEUE_TYPES) {
                    String queue = prefix + type;
                    channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", type));
                    queues.add(queue);
                    for (int round = 1; round <= rounds; round++) {
                        for (int size : sizes) {
                            double micros = batch(channel, queue, size, messages, confirmEvery, broker);
                            report.row(
                                    type,
                                    size,
                                    round,
                                    messages,
                                    String.format("%.0f", micros * messages / 1000),
                                    String.format("%.0f", micros));
                            System.out.printf(
                                    "%s queue, %d bytes, round %d: %.0f µs of broker CPU per message%n",
                                    type, size, round, micros);
                        }
                    }
                }
            } finally {
                for (String queue : queues) {
                    channel.queueDelete(queue);
                }
            }
        }
        report.context("load average (1, 5, 15 min) after the run: " + PipelineBenchmark.loadAverage());
        report.write(reportFile);
    }

    /** Publishes one batch and returns the broker's CPU per message, in microseconds. */
    private static double batch(Channel channel, String queue, int size, int messages, int confirmEvery, long broker)
            throws Exception {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        long before = ProcessTreeCpu.millis(broker);
        for (int i = 1; i <= messages; i++) {
            channel.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC, body);
            if (i % confirmEvery == 0) {
                channel.waitForConfirmsOrDie(30_000);
            }
        }
        channel.waitForConfirmsOrDie(30_000);
        Thread.sleep(500); // what the broker does after confirming (writing its segments) counts too
        long after = ProcessTreeCpu.millis(broker);
        return (after - before) * 1000.0 / messages;
    }
}
