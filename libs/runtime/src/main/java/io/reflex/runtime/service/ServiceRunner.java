package io.reflex.runtime.service;

import io.reflex.core.bus.LocalLogs;
import io.reflex.runtime.backend.EmbeddedServers;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigException;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.lifecycle.Lifecycle;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one or more services in this process: loads and validates the configuration, starts the embedded
 * backends for {@code embedded:} URIs, assembles and starts every service, and on SIGTERM/Ctrl-C stops
 * everything in reverse order. {@link #start} is what tests call; {@link #run} is what mains call.
 */
public final class ServiceRunner {
    private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

    /**
     * Exit codes: 0 stopped normally, 2 bad configuration or usage, 3 failed to start. A process stopped by
     * SIGTERM drains (stops in reverse start order within {@code shutdown.grace}) and then exits with the JVM's
     * 143 (128 + 15), as every Java service does; supervisors should count 143 as success (systemd:
     * {@code SuccessExitStatus=143}).
     */
    public static final int EXIT_OK = 0;

    public static final int EXIT_CONFIG = 2;
    public static final int EXIT_START = 3;

    private ServiceRunner() {}

    /** A running set of services; closing it stops them (idempotent). */
    public static final class Running implements AutoCloseable {
        private final Lifecycle lifecycle;
        private final Config config;
        private final ServiceContext.Endpoints endpoints;
        private final CountDownLatch stopped = new CountDownLatch(1);

        private Running(Lifecycle lifecycle, Config config, ServiceContext.Endpoints endpoints) {
            this.lifecycle = lifecycle;
            this.config = config;
            this.endpoints = endpoints;
        }

        /** The configuration the services run with (embedded URIs resolved). */
        public Config config() {
            return config;
        }

        public List<ServiceContext.Endpoint> endpoints() {
            return endpoints.all();
        }

        /**
         * The URL {@code service} announced.
         *
         * @throws java.util.NoSuchElementException when no endpoint of {@code service} runs here
         */
        public String url(String service) {
            return endpoints.all().stream()
                    .filter(e -> e.service().equals(service))
                    .findFirst()
                    .orElseThrow()
                    .url();
        }

        public void awaitStop() throws InterruptedException {
            stopped.await();
        }

        @Override
        public void close() {
            lifecycle.close();
            stopped.countDown();
        }
    }

    /** Starts {@code services} with {@code config}; the caller closes the result. */
    public static Running start(List<Service> services, Config config) throws Exception {
        String owner = services.size() == 1 ? services.get(0).name() : "reflex";
        Lifecycle root = new Lifecycle(owner);
        try {
            // 1. process-wide parts: Vert.x, embedded backends (resolving embedded: URIs)
            Vertx vertx = Vertx.vertx();
            root.push(
                    "vertx",
                    () -> vertx.close()
                            .toCompletionStage()
                            .toCompletableFuture()
                            .get(10, TimeUnit.SECONDS));
            Config resolved = config;
            // one set of process-local bus logs for all services here: the embedded broker's when it runs
            LocalLogs busLogs = new LocalLogs();
            if (EmbeddedServers.needed(config)) {
                EmbeddedServers embedded = root.push("embedded", new EmbeddedServers(config));
                root.start();
                resolved = embedded.resolve(config);
                busLogs = embedded.busLogs().orElse(busLogs);
            }
            // 2. services, each assembled by its own function, started in order
            var endpoints = new ServiceContext.Endpoints();
            String memberId = ProcessIdentity.memberId();
            for (Service s : services) {
                s.assemble(new ServiceContext(s.name(), resolved, vertx, memberId, endpoints, busLogs), root);
                root.start();
                log.info("service started service={} member={}", s.name(), memberId);
            }
            return new Running(root, resolved, endpoints);
        } catch (Exception | Error e) {
            root.close();
            throw e;
        }
    }

    /**
     * Runs until SIGTERM/SIGINT. Prints configuration problems as one line on {@code err}.
     *
     * @return the process exit code
     */
    public static int run(List<Service> services, ServiceArgs args, PrintStream err, Consumer<Running> onStarted) {
        Config config;
        try {
            config = ConfigLoader.load(args.configFile(), System.getenv(), args.flags());
        } catch (ConfigException e) {
            err.println("reflex: " + e.getMessage());
            return EXIT_CONFIG;
        }
        Logging.configure(config);
        Running running;
        try {
            running = start(services, config);
        } catch (ConfigException e) {
            err.println("reflex: " + e.getMessage());
            return EXIT_CONFIG;
        } catch (StartupException e) {
            err.println("reflex: " + e.getMessage());
            return EXIT_START;
        } catch (Exception e) {
            log.error("startup failed error={}", e.toString(), e);
            err.println("reflex: failed to start: " + e.getMessage());
            return EXIT_START;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("shutting down");
                            running.close();
                            log.info("stopped");
                        },
                        "reflex-shutdown"));
        onStarted.accept(running);
        try {
            running.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return EXIT_OK;
    }

    /** The {@code main} of a single-service process. */
    public static void main(Service service, String[] argv) {
        ServiceArgs args;
        try {
            args = ServiceArgs.parse(argv);
        } catch (ConfigException e) {
            System.err.println("reflex " + service.name() + ": " + e.getMessage());
            System.exit(EXIT_CONFIG);
            return;
        }
        if (args.help()) {
            System.out.println("usage: reflex-" + service.name() + " [options]\n" + ServiceArgs.USAGE);
            return;
        }
        int code = run(
                List.of(service),
                args,
                System.err,
                r -> r.endpoints()
                        .forEach(e -> System.out.println(
                                e.service() + " listening on " + e.url() + " (" + e.description() + ")")));
        if (code != EXIT_OK) {
            System.exit(code);
        }
    }
}
