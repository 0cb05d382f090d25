package io.reflex.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * A RabbitMQ cluster of the test's own: {@link RabbitNode}s joined to the first one, so quorum queues and
 * streams declared on it are replicated on every node. {@link #uri()} lists every node's address, the way a
 * bus connects to a cluster; a test SIGKILLs the node leading a queue with {@link #killLeaderOf(String)} and
 * starts it again with {@link #restart(int)}, where it rejoins from its own data.
 */
public final class RabbitCluster implements AutoCloseable {
    private final List<RabbitNode> nodes;

    private RabbitCluster(List<RabbitNode> nodes) {
        this.nodes = nodes;
    }

    /** Starts {@code size} nodes and joins them into one cluster. */
    public static RabbitCluster start(int size) {
        List<RabbitNode> nodes = new ArrayList<>();
        RabbitCluster cluster = new RabbitCluster(nodes);
        try {
            for (int i = 0; i < size; i++) {
                nodes.add(RabbitNode.create());
            }
            // Boot in parallel (each node takes tens of seconds on a busy machine), then join one by one.
            nodes.stream()
                    .map(n -> CompletableFuture.runAsync(
                            n::restart, runner -> Thread.ofPlatform().daemon().start(runner)))
                    .toList()
                    .forEach(CompletableFuture::join);
            RabbitNode first = nodes.getFirst();
            for (RabbitNode node : nodes.subList(1, size)) {
                join(node, first);
            }
            return cluster;
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private static void join(RabbitNode node, RabbitNode seed) {
        for (String[] step : List.of(
                new String[] {"stop_app"}, new String[] {"join_cluster", seed.nodeName()}, new String[] {"start_app"
                })) {
            if (node.ctl(step) != 0) {
                throw new IllegalStateException("rabbitmqctl " + String.join(" ", step) + " failed on "
                        + node.nodeName() + "\n" + node.diagnostics());
            }
        }
    }

    /** {@code amqp://guest:guest@127.0.0.1:p1,127.0.0.1:p2,…}: every node, as a bus URI. */
    public String uri() {
        return "amqp://guest:guest@"
                + nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    public RabbitNode node(int index) {
        return nodes.get(index);
    }

    public int size() {
        return nodes.size();
    }

    /** The index of the node leading quorum queue (or stream) {@code queue}, asked of any running node. */
    public Optional<Integer> leaderOf(String queue) {
        for (RabbitNode asked : nodes) {
            String out = asked.ctlOutput("list_queues", "name", "leader", "--no-table-headers");
            for (String line : out.lines().toList()) {
                String[] cols = line.trim().split("\\s+");
                if (cols.length == 2 && cols[0].equals(queue)) {
                    for (int i = 0; i < nodes.size(); i++) {
                        if (nodes.get(i).nodeName().equals(cols[1])) {
                            return Optional.of(i);
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The members (node names) of quorum queue {@code queue}'s replica group. */
    public List<String> membersOf(String queue) {
        String out = nodes.getFirst().ctlOutput("list_queues", "name", "members", "--no-table-headers");
        for (String line : out.lines().toList()) {
            String trimmed = line.trim();
            if (trimmed.startsWith(queue + " ") || trimmed.startsWith(queue + "\t")) {
                String list = trimmed.substring(queue.length()).trim().replaceAll("[\\[\\]\"']", "");
                return List.of(list.split("\\s*,\\s*"));
            }
        }
        return List.of();
    }

    /** SIGKILLs the node leading {@code queue} and returns its index. */
    public int killLeaderOf(String queue) {
        int leader = leaderOf(queue)
                .orElseThrow(() -> new IllegalStateException("no node leads " + queue + "\n" + diagnostics()));
        nodes.get(leader).kill();
        return leader;
    }

    /** Starts node {@code index} again after a kill; it rejoins the cluster from its own data. */
    public void restart(int index) {
        nodes.get(index).restart();
    }

    /** Every node's queues and log tail: for a test's failure message. */
    public String diagnostics() {
        return nodes.stream().map(RabbitNode::diagnostics).collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        for (RabbitNode node : nodes) {
            node.close();
        }
    }
}
