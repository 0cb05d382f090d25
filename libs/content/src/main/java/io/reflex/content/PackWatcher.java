package io.reflex.content;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the pack directories (system and user, see {@link PackRoots}) and re-registers a pack once its files have been quiet for the debounce
 * interval (an editor's save, a {@code git pull} or a copy produce bursts of events). Invalid new content
 * is reported and the registered version stays active (see {@link Registrar}). Results go to the
 * listener; registration runs on the watcher's own thread, never on the caller's. A pack directory that
 * is deleted unregisters its pack. Only directories that exist when it starts are watched.
 */
public final class PackWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PackWatcher.class);

    private final PackRegistration registration;
    private final Duration debounce;
    private final Consumer<List<RegistrationResult>> listener;
    private final WatchService watcher;
    private final ScheduledExecutorService scheduler;
    private final Map<WatchKey, Path> dirs = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
    private final Thread loop;

    public PackWatcher(PackRegistration registration, Duration debounce, Consumer<List<RegistrationResult>> listener) {
        this.registration = registration;
        this.debounce = debounce;
        this.listener = listener;
        try {
            this.watcher = FileSystems.getDefault().newWatchService();
            for (Path root : registration.roots().existing()) {
                watchTree(root);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("watching " + registration.roots(), e);
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("pack-register").unstarted(r));
        this.loop = Thread.ofPlatform().daemon().name("pack-watch").start(this::run);
        log.info("watching packs dirs={} debounce_ms={}", registration.roots().existing(), debounce.toMillis());
    }

    /**
     * Watches {@code dir} and every directory under it. Each directory is registered before it is listed, so
     * a subdirectory created meanwhile either is listed or raises an event on its watched parent: none is
     * missed. A directory that vanishes half-way is skipped (its deletion is an event of its own).
     */
    private void watchTree(Path dir) throws IOException {
        WatchKey key;
        try {
            key = dir.register(
                    watcher,
                    StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        } catch (NoSuchFileException | NotDirectoryException gone) {
            return;
        }
        dirs.put(key, dir);
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .toList();
        } catch (NoSuchFileException | NotDirectoryException gone) {
            return;
        }
        for (Path child : children) {
            watchTree(child);
        }
    }

    private void run() {
        while (true) {
            WatchKey key;
            try {
                key = watcher.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            try {
                handle(key);
            } catch (RuntimeException e) {
                // a file vanishing under a scan, or any other surprise, must not end the watch
                log.warn("pack watch event not handled error={}", e.toString());
            }
            if (!key.reset()) {
                dirs.remove(key);
            }
        }
    }

    private void handle(WatchKey key) {
        Path dir = dirs.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
            if (dir == null || event.kind() == StandardWatchEventKinds.OVERFLOW) {
                registration.packDirs().forEach(p -> schedule(p.getFileName().toString()));
                continue;
            }
            Path changed = dir.resolve((Path) event.context());
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE
                    && Files.isDirectory(changed, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    watchTree(changed);
                } catch (IOException | UncheckedIOException e) {
                    log.warn("cannot watch dir={} error={}", changed, e.toString());
                }
            }
            registration
                    .roots()
                    .rootOf(changed)
                    .map(root -> root.relativize(changed))
                    .ifPresent(rel -> {
                        if (rel.getNameCount() >= 1
                                && !rel.getName(0).toString().startsWith(".")) {
                            schedule(rel.getName(0).toString());
                        }
                    });
        }
    }

    private void schedule(String pack) {
        pending.compute(pack, (name, previous) -> {
            if (previous != null) {
                previous.cancel(false);
            }
            return scheduler.schedule(() -> registerNow(name), debounce.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    private void registerNow(String pack) {
        pending.remove(pack);
        if (registration.roots().find(pack).isEmpty()) {
            for (Path dir : registration.roots().candidates(pack)) {
                if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                    unregisterRemoved(dir);
                }
            }
            return;
        }
        try {
            // the registrar logs each result and error once; the listener only learns of them
            listener.accept(registration.register(List.of(pack)));
        } catch (RuntimeException e) {
            log.error("pack registration failed pack={} error={}", pack, e.toString());
        }
    }

    private void unregisterRemoved(Path dir) {
        try {
            registration.unregisterRemoved(dir);
        } catch (RuntimeException e) {
            log.error("pack unregistration failed dir={} error={}", dir, e.toString());
        }
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
        loop.interrupt();
        scheduler.shutdownNow();
    }
}
