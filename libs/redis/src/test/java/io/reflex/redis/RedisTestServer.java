package io.reflex.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.reflex.testing.ExternalBackend;
import io.reflex.testing.FaultProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.UUID;

/** The shared Redis of the integration tests, a unique namespace per test class, and proxies in front. */
final class RedisTestServer {
    final String uri = ExternalBackend.REDIS.require();
    final String namespace = "reflex-test-" + UUID.randomUUID();

    /** A proxy in front of the server; cut() makes every client behind it lose Redis. */
    FaultProxy proxy() {
        RedisURI target = RedisURI.create(uri);
        try {
            return new FaultProxy(target.getHost(), target.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's URI with host and port replaced by the proxy's. */
    String via(FaultProxy proxy) {
        try {
            URI u = new URI(uri);
            return new URI(u.getScheme(), u.getUserInfo(), "127.0.0.1", proxy.port(), u.getPath(), u.getQuery(), null)
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(uri, e);
        }
    }

    /** Deletes every key of the namespace; returns how many there were. */
    long deleteNamespace() {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            long deleted = 0;
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = c.sync()
                        .scan(
                                cursor,
                                ScanArgs.Builder.matches("{" + namespace + "}:*")
                                        .limit(500));
                if (!page.getKeys().isEmpty()) {
                    deleted += c.sync().del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
            return deleted;
        } finally {
            client.shutdown();
        }
    }

    /** Keys of the namespace that have no expiry (only fence counters should). */
    java.util.List<String> keysWithoutExpiry() {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return c.sync().keys("{" + namespace + "}:*").stream()
                    .filter(k -> c.sync().pttl(k) < 0)
                    .toList();
        } finally {
            client.shutdown();
        }
    }
}
