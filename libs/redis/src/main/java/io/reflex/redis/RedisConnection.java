package io.reflex.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.reflex.core.coordination.CoordinationException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One Lettuce connection set up for coordination: commands time out within a third of the lease TTL and
 * fail at once while disconnected (a renewal that waits for a reconnect is worth nothing), and the
 * connection comes back on its own with a short backoff (50 ms doubling to 1 s).
 */
final class RedisConnection implements AutoCloseable {
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final String address;

    private RedisConnection(
            ClientResources resources,
            RedisClient client,
            StatefulRedisConnection<String, String> connection,
            String address) {
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.address = address;
    }

    /** @throws CoordinationException when Redis cannot be reached now */
    static RedisConnection open(String uri, Duration leaseTtl) {
        RedisURI redisUri = RedisURI.create(uri);
        String address = redisUri.getHost() + ":" + redisUri.getPort();
        Duration commandTimeout = Duration.ofMillis(Math.clamp(leaseTtl.toMillis() / 3, 200, 5_000));
        ClientResources resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(
                        Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, redisUri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(commandTimeout.multipliedBy(2))
                        .keepAlive(true)
                        .build())
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .build());
        try {
            return new RedisConnection(resources, client, client.connect(), address);
        } catch (RedisException e) {
            shutdown(client, resources);
            throw new CoordinationException("cannot connect to redis at " + address, e);
        }
    }

    /** {@code host:port}, without credentials: safe for logs and health details. */
    String address() {
        return address;
    }

    RedisCommands<String, String> sync() {
        return connection.sync();
    }

    @Override
    public void close() {
        connection.close();
        shutdown(client, resources);
    }

    private static void shutdown(RedisClient client, ClientResources resources) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
