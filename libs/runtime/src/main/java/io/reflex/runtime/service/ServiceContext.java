package io.reflex.runtime.service;

import io.reflex.core.bus.LocalLogs;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What every service is assembled from: its name, the validated configuration (embedded URIs already
 * resolved), the process's Vert.x instance, this process's member id, a place to announce endpoints, and the
 * logs its bus keeps in this process when the broker has none of its own (the embedded broker's).
 */
public record ServiceContext(
        String name, Config config, Vertx vertx, String memberId, Endpoints endpoints, LocalLogs busLogs) {
    public ServiceContext {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(busLogs, "busLogs");
    }

    /** A context whose bus logs, if the broker has none, are its own. */
    public ServiceContext(String name, Config config, Vertx vertx, String memberId, Endpoints endpoints) {
        this(name, config, vertx, memberId, endpoints, new LocalLogs());
    }

    public String host() {
        return config.get(ConfigKeys.service(name).host());
    }

    public int port() {
        return config.get(ConfigKeys.service(name).port());
    }

    /** One announced endpoint. */
    public record Endpoint(String service, String url, String description) {}

    /** Endpoints announced by services once they listen, printed by {@code reflex up}. */
    public static final class Endpoints {
        private final List<Endpoint> list = new CopyOnWriteArrayList<>();

        public void announce(String service, String url, String description) {
            list.add(new Endpoint(service, url, description));
        }

        public List<Endpoint> all() {
            return List.copyOf(list);
        }
    }
}
