package io.reflex.sensorcontainer;

import io.reflex.content.ContentCache;
import io.reflex.content.ContentStore;
import io.reflex.core.health.HealthCheck;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.runtime.backend.Backends;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.content.ContentSettings;
import io.reflex.runtime.health.HealthEndpoint;
import io.reflex.runtime.lifecycle.Lifecycle;
import io.reflex.runtime.service.Service;
import io.reflex.runtime.service.ServiceContext;
import io.reflex.runtime.service.StandardParts;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The sensorcontainer service (StackStorm's st2sensorcontainer), assembled in one function: it joins the
 * {@code sensorcontainer} group and runs the sensors its partition provider gives it, each as a supervised
 * Python process; {@code /healthz} reports the backends and how many sensors it runs.
 */
public final class SensorContainerService implements Service {
    public static final String NAME = "sensorcontainer";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void assemble(ServiceContext ctx, Lifecycle lifecycle) {
        // 1. backends
        Backends backends = StandardParts.backends(ctx, lifecycle);
        // 2. components: registry membership (the group sensors are shared out in), then the container,
        //    so that on close the sensors are drained before this member leaves the group
        StandardParts.registration(ctx, lifecycle, backends);
        SensorContainer container = lifecycle.push("sensors", container(ctx, backends));
        // 3. http: /healthz with the sensors' count
        List<HealthCheck> checks = new ArrayList<>(backends.healthChecks());
        checks.add(container.health());
        Router router = Router.router(ctx.vertx());
        router.get("/healthz").handler(new HealthEndpoint(ctx.vertx(), ctx.name(), checks));
        StandardParts.http(ctx, lifecycle, router, "health: /healthz");
    }

    static SensorContainer container(ServiceContext ctx, Backends backends) {
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
        Partitioner partitioner = Partitioners.create(
                Partitioners.Spec.parse(config.get(ConfigKeys.SENSORCONTAINER_PARTITION_PROVIDER)),
                new Partitioners.Context(
                        ctx.memberId(),
                        config.get(ConfigKeys.SENSORCONTAINER_SENSOR_NODE_NAME),
                        config.get(ConfigKeys.SENSORCONTAINER_PARTITION_FILE),
                        config.get(ConfigKeys.SENSORCONTAINER_HASH_RANGES),
                        store.store(Kinds.KEY_VALUE_PAIR)));
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
