package io.reflex.sensorcontainer;

import io.reflex.content.ContentCache;
import io.reflex.content.ContentStore;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.runtime.backend.Backends;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.content.ContentSettings;
import io.reflex.runtime.lifecycle.Lifecycle;
import io.reflex.runtime.service.Service;
import io.reflex.runtime.service.ServiceContext;
import io.reflex.runtime.service.StandardParts;
import java.time.Clock;
import java.util.List;

/**
 * The sensorcontainer service (StackStorm's st2sensorcontainer), assembled in one function: it joins the
 * {@code sensorcontainer} group and runs the sensors its partition provider gives it, each as a supervised
 * Python process; {@code /healthz} reports the backends and how many sensors it runs.
 */
public final class SensorContainerService implements Service {
    @Override
    public String name() {
        return "sensorcontainer";
    }

    @Override
    public void assemble(ServiceContext ctx, Lifecycle lifecycle) {
        // 1. backends
        Backends backends = StandardParts.backends(ctx, lifecycle);
        // 2. components: registry membership (the group sensors are shared out in), then the container,
        //    so that on close the sensors are drained before this member leaves the group
        Partitioner partitioner = partitioner(ctx.config(), ctx.memberId(), backends.store());
        StandardParts.registration(ctx, lifecycle, backends, partitioner.capabilities());
        SensorContainer container = lifecycle.push("sensors", container(ctx, backends, partitioner));
        // 3. http: /healthz with the sensors' count
        StandardParts.http(
                ctx,
                lifecycle,
                StandardParts.routerWithHealth(ctx, backends, List.of(container.health())),
                "health: /healthz");
    }

    /** {@code sensorcontainer.sensor_ref} (single-sensor mode) wins over {@code partition_provider}. */
    static Partitioner partitioner(Config config, String memberId, StateStore store) {
        String single = config.get(ConfigKeys.SENSORCONTAINER_SENSOR_REF);
        if (!single.isBlank()) {
            return Partitioners.single(single.strip());
        }
        return Partitioners.create(
                Partitioners.Spec.parse(config.get(ConfigKeys.SENSORCONTAINER_PARTITION_PROVIDER)),
                new Partitioners.Context(
                        memberId,
                        config.get(ConfigKeys.SENSORCONTAINER_SENSOR_NODE_NAME),
                        config.get(ConfigKeys.SENSORCONTAINER_PARTITION_FILE),
                        config.get(ConfigKeys.SENSORCONTAINER_HASH_RANGES),
                        store.store(Kinds.KEY_VALUE_PAIR)));
    }

    static SensorContainer container(ServiceContext ctx, Backends backends, Partitioner partitioner) {
        Config config = ctx.config();
        Clock clock = Clock.systemUTC();
        StateStore store = backends.store();
        SensorSettings settings = SensorSettings.from(config, ctx.memberId());
        ContentSettings dirs = ContentSettings.from(config);
        SensorCatalog catalog = new SensorCatalog(
                store,
                new ContentCache(dirs.cacheDir(), new ContentStore(store, clock)),
                dirs.packsDir(),
                pack -> dirs.virtualenvsDir().resolve(pack),
                settings.python());
        return new SensorContainer(
                backends.coordinator(),
                catalog,
                partitioner,
                new TriggerEmitter(backends.bus(), store, clock, settings.validatePayload()),
                new SensorToken(
                        store.store(Kinds.TOKEN), clock, settings.tokenUser(), settings.tokenTtl(), ctx.memberId()),
                settings,
                config.get(ConfigKeys.DATA_DIR).resolve("python"),
                clock);
    }
}
