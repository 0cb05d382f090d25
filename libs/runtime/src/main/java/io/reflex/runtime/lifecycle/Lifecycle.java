package io.reflex.runtime.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stack of components: {@link #start} starts them in the order they were pushed, {@link #close} stops
 * them in reverse order. Resources pushed already open ({@link #pushOpen}) count as started from the
 * moment they are pushed, so a failure half-way through assembly still closes them. If a start fails,
 * everything started so far is stopped again (in reverse) and the failure is thrown. {@code close} is
 * idempotent.
 */
public final class Lifecycle implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    private static final class Entry {
        final String name;
        final Component component;
        boolean live;

        Entry(String name, Component component, boolean live) {
            this.name = name;
            this.component = component;
            this.live = live;
        }
    }

    private final String owner;
    private final List<Entry> entries = new ArrayList<>();

    public Lifecycle(String owner) {
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    /** Adds a component to start after the ones already pushed; returns it. */
    public synchronized <C extends Component> C push(String name, C component) {
        entries.add(new Entry(name, Objects.requireNonNull(component, name), false));
        return component;
    }

    /** Adds a resource that is open already; it is closed in reverse order with the rest. */
    public synchronized <R extends AutoCloseable> R pushOpen(String name, R resource) {
        entries.add(new Entry(name, Component.closing(Objects.requireNonNull(resource, name)), true));
        return resource;
    }

    /** Starts every pushed component not yet started, in order. */
    public synchronized void start() throws Exception {
        for (Entry e : entries) {
            if (e.live) {
                continue;
            }
            try {
                e.component.start();
                e.live = true;
                log.debug("component started owner={} component={}", owner, e.name);
            } catch (Exception ex) {
                log.error("component failed to start owner={} component={} error={}", owner, e.name, ex.toString());
                close();
                throw ex;
            }
        }
    }

    /** Stops live components in reverse order; a failing stop is logged and the rest still stop. */
    @Override
    public synchronized void close() {
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            if (!e.live) {
                continue;
            }
            e.live = false;
            try {
                e.component.close();
                log.debug("component stopped owner={} component={}", owner, e.name);
            } catch (Exception ex) {
                log.warn("component failed to stop owner={} component={} error={}", owner, e.name, ex.toString());
            }
        }
    }
}
