package io.reflex.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The threads a service's HTTP requests block on (the store, the authenticator): a virtual thread per task,
 * never an event loop. The service's lifecycle owns the pool: it is created when the HTTP listener starts and
 * shut down after the listener stops (see {@code StandardParts.http}). {@link #handler()} makes it known to
 * every request of a router, and {@link #execute} runs blocking work of a request on it.
 */
public final class Workers implements AutoCloseable {
    private static final String KEY = "reflex.workers";
    private static final Duration DRAIN = Duration.ofSeconds(10);

    private final String name;
    private volatile ExecutorService pool;

    /** @param name the threads' name prefix ({@code <name>-<n>}) */
    public Workers(String name) {
        this.name = name;
    }

    /** Creates the pool. */
    public synchronized void start() {
        if (pool == null) {
            pool = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name(name + "-", 0).factory());
        }
    }

    /** The first handler of a router: makes this pool the one its requests run on. */
    public Handler<RoutingContext> handler() {
        return ctx -> {
            ctx.put(KEY, this);
            ctx.next();
        };
    }

    /**
     * Runs {@code task} on the pool of the request's router.
     *
     * @throws IllegalStateException when the router has no pool, or its pool is not running
     */
    public static void execute(RoutingContext ctx, Runnable task) {
        Workers workers = ctx.get(KEY);
        ExecutorService p = workers == null ? null : workers.pool;
        if (p == null) {
            throw new IllegalStateException("no running HTTP worker pool for " + ctx.normalizedPath());
        }
        p.execute(task);
    }

    /** Stops taking work and waits a while for the requests under way. */
    @Override
    public void close() throws InterruptedException {
        ExecutorService p;
        synchronized (this) {
            p = pool;
            pool = null;
        }
        if (p != null) {
            p.shutdown();
            p.awaitTermination(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
