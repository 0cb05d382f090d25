package io.reflex.runtime.content;

import io.reflex.content.PackRegistration;
import io.reflex.content.PackWatcher;
import io.reflex.content.RegistrationResult;
import io.reflex.core.store.StateStore;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.lifecycle.Component;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the state store's packs in step with this node's packs directory: registers the engine's own types
 * (runner, policy and system trigger types) and then the directory on start and, when
 * configured to watch, re-registers each pack a moment after its files change. Every content error is
 * logged with its file, line and column; a pack with errors keeps its previous version active.
 */
public final class PackContent implements Component {
    private static final Logger log = LoggerFactory.getLogger(PackContent.class);

    private final Config config;
    private final PackRegistration registration;
    private PackWatcher watcher;

    public PackContent(Config config, StateStore store) {
        this.config = config;
        ContentSettings dirs = ContentSettings.from(config);
        this.registration =
                new PackRegistration(store, dirs.packsDir(), dirs.configsDir(), Clock.systemUTC(), dirs.yaml());
    }

    public PackRegistration registration() {
        return registration;
    }

    @Override
    public void start() {
        registration.registerCatalogue();
        if (!java.nio.file.Files.isDirectory(registration.packsDir())) {
            log.warn("packs directory does not exist dir={}: nothing registered or watched", registration.packsDir());
            return;
        }
        if (config.get(ConfigKeys.CONTENT_REGISTER_ON_START)) {
            report(registration.registerAll());
        }
        if (config.get(ConfigKeys.CONTENT_WATCH)) {
            watcher = new PackWatcher(registration, config.get(ConfigKeys.CONTENT_WATCH_DEBOUNCE), PackContent::report);
        }
    }

    static void report(List<RegistrationResult> results) {
        for (RegistrationResult r : results) {
            r.errors().forEach(e -> log.warn("pack content error pack={} error=\"{}\"", r.pack(), e));
            if (r.rejected()) {
                log.warn(
                        "pack not updated pack={} errors={} active_version={}",
                        r.pack(),
                        r.errors().size(),
                        r.contentHash());
            } else if (r.changed()) {
                log.info("pack registered pack={} version={} counts={}", r.pack(), r.contentHash(), r.counts());
            }
        }
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }
}
