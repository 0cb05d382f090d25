package io.reflex.testing;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Finds a real server for an integration test, in the order of the design: a URI in the backend's
 * environment variable, then a Testcontainers container when a Docker engine is present. Where neither
 * exists, {@link #require()} fails the test when {@code CI=true} (a required backend must not be skipped
 * in CI) and aborts it otherwise; callers that have an embedded fallback use {@link #find()}.
 */
public enum ExternalBackend {
    AMQP("REFLEX_IT_AMQP_URI", "rabbitmq:3.13", 5672) {
        @Override
        String uri(String host, int port) {
            return "amqp://guest:guest@" + host + ":" + port;
        }
    },
    MONGO("REFLEX_IT_MONGO_URI", "mongo:7", 27017) {
        @Override
        String uri(String host, int port) {
            return "mongodb://" + host + ":" + port;
        }
    },
    POSTGRES("REFLEX_IT_POSTGRES_URI", "postgres:15", 5432) {
        @Override
        String uri(String host, int port) {
            return "postgresql://postgres@" + host + ":" + port + "/postgres";
        }

        @Override
        GenericContainer<?> container() {
            return super.container().withEnv("POSTGRES_HOST_AUTH_METHOD", "trust");
        }
    },
    REDIS("REFLEX_IT_REDIS_URI", "redis:7", 6379) {
        @Override
        String uri(String host, int port) {
            return "redis://" + host + ":" + port;
        }
    },
    ZOOKEEPER("REFLEX_IT_ZK_CONNECT", "zookeeper:3.9", 2181) {
        @Override
        String uri(String host, int port) {
            return host + ":" + port;
        }
    };

    private static final Logger log = LoggerFactory.getLogger(ExternalBackend.class);
    private static final ConcurrentMap<ExternalBackend, Optional<String>> FOUND = new ConcurrentHashMap<>();

    private final String envVar;
    private final String image;
    private final int port;

    ExternalBackend(String envVar, String image, int port) {
        this.envVar = envVar;
        this.image = image;
        this.port = port;
    }

    abstract String uri(String host, int port);

    /** The container started when no address is configured and a Docker engine is present. */
    GenericContainer<?> container() {
        return new GenericContainer<>(image).withExposedPorts(port);
    }

    public String envVar() {
        return envVar;
    }

    /** True when the tests run in CI ({@code CI=true}), where a missing required backend is a failure. */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The backend's address from the environment or a container started for this JVM, if either exists. */
    public Optional<String> find() {
        return FOUND.computeIfAbsent(this, ExternalBackend::locate);
    }

    /** The backend's address; fails the test in CI and aborts (skips) it elsewhere when there is none. */
    public String require() {
        Optional<String> found = find();
        if (found.isPresent()) {
            return found.get();
        }
        String why = name() + " backend not found: set " + envVar + " or provide a Docker engine for Testcontainers";
        if (inCi()) {
            return Assertions.fail(why + " (CI=true: a required backend is never skipped)");
        }
        Assumptions.abort(why);
        throw new IllegalStateException("unreachable");
    }

    private Optional<String> locate() {
        String env = System.getenv(envVar);
        if (env != null && !env.isBlank()) {
            log.info("integration backend {} from {}={}", name(), envVar, env);
            return Optional.of(env.trim());
        }
        if (!dockerAvailable()) {
            return Optional.empty();
        }
        GenericContainer<?> container = container();
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        String uri = uri(container.getHost(), container.getMappedPort(port));
        log.info("integration backend {} from Testcontainers image {} at {}", name(), image, uri);
        return Optional.of(uri);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
