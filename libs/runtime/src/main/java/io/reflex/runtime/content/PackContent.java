package io.reflex.runtime.content;

import io.reflex.content.PackRegistration;
import io.reflex.content.PackWatcher;
import io.reflex.core.store.StateStore;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.lifecycle.Component;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the state store's packs in step with this node's packs directory: registers the engine's own types
 * (runner, policy and system trigger types) and then the directory on start and, when
 * configured to watch, re-registers each pack a moment after its files change. Every content error is
 * logged once (by the registrar) with its file, line and column; a pack with errors keeps its previous version active.
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
                new PackRegistration(store, dirs.roots(), dirs.configsDir(), Clock.systemUTC(), dirs.yaml());
    }

    public PackRegistration registration() {
        return registration;
    }

    @Override
    public void start() {
        registration.registerCatalogue();
        createUserDir();
        if (registration.roots().existing().isEmpty()) {
            log.warn("no packs directory exists dirs=\"{}\": nothing registered or watched", registration.roots());
            return;
        }
        if (config.get(ConfigKeys.CONTENT_REGISTER_ON_START)) {
            registration.registerAll(); // the registrar logs each pack's result and errors, once
        }
        if (config.get(ConfigKeys.CONTENT_WATCH)) {
            watcher = new PackWatcher(registration, config.get(ConfigKeys.CONTENT_WATCH_DEBOUNCE), results -> {});
        }
    }

    /** The user packs directory is made on start, so that packs installed later are watched too. */
    private void createUserDir() {
        try {
            java.nio.file.Files.createDirectories(registration.packsDir());
        } catch (java.io.IOException e) {
            log.warn("cannot create the user packs directory dir={} error={}", registration.packsDir(), e.toString());
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
