package io.reflex.cli;

import io.reflex.actionrunner.ActionRunnerService;
import io.reflex.api.ApiService;
import io.reflex.auth.AuthService;
import io.reflex.gc.GcService;
import io.reflex.notifier.NotifierService;
import io.reflex.rulesengine.RulesEngineService;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.service.Service;
import io.reflex.sensorcontainer.SensorContainerService;
import io.reflex.stream.StreamService;
import io.reflex.workflowengine.WorkflowEngineService;
import java.util.List;

/** Every service, in the order {@code reflex up} starts them. */
public final class Services {
    private Services() {}

    static List<Service> all() {
        return all(new AuthService());
    }

    /**
     * Every service, as {@code reflex up} runs them, with {@code auth} as the auth service (a test gives one
     * whose console output it keeps).
     */
    public static List<Service> all(AuthService auth) {
        return List.of(
                auth,
                new ApiService(),
                new StreamService(),
                new RulesEngineService(),
                new ActionRunnerService(),
                new NotifierService(),
                new WorkflowEngineService(),
                new SensorContainerService(),
                new GcService());
    }

    /** @throws IllegalArgumentException listing the service names */
    static Service named(String name) {
        return all().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown service '" + name + "'; services: " + String.join(", ", ConfigKeys.services())));
    }
}
