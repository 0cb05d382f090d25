package io.reflex.runtime.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reflex.runtime.config.ConfigException;
import io.reflex.runtime.config.ConfigLoader;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackendsTest {
    @Test
    void zooKeeperUriBecomesAConnectStringWithChroot() {
        assertThat(Backends.zooKeeperConnect(URI.create("zookeeper://zk1:2181,zk2:2181,zk3:2181")))
                .isEqualTo("zk1:2181,zk2:2181,zk3:2181");
        assertThat(Backends.zooKeeperConnect(URI.create("zookeeper://zk1:2181/reflex")))
                .isEqualTo("zk1:2181/reflex");
        assertThatThrownBy(() -> Backends.zooKeeperConnect(URI.create("zookeeper:///x")))
                .hasMessageContaining("names no ZooKeeper host");
    }

    @Test
    void unresolvedEmbeddedUriIsAConfigurationError() {
        var config = ConfigLoader.load(null, Map.of(), Map.of());
        assertThatThrownBy(() -> Backends.openStore(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("embedded: was not resolved");
    }

    @Test
    void retryKeepsTryingUntilTheBackendAnswers() {
        AtomicInteger attempts = new AtomicInteger();
        String v = Backends.Retry.until(Duration.ofSeconds(10), "thing", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("not yet");
            }
            return "ok";
        });
        assertThat(v).isEqualTo("ok");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void retryGivesUpAtTheDeadlineNamingTheBackend() {
        assertThatThrownBy(() -> Backends.Retry.until(Duration.ZERO, "bus", () -> {
                    throw new IllegalStateException("connection refused");
                }))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessage("bus unreachable after 1 attempt(s): connection refused");
    }

    @Test
    void retryDoesNotRetryConfigurationErrors() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> Backends.Retry.until(Duration.ofSeconds(10), "store", () -> {
                    attempts.incrementAndGet();
                    throw new ConfigException("bad uri");
                }))
                .isInstanceOf(ConfigException.class);
        assertThat(attempts).hasValue(1);
    }
}
