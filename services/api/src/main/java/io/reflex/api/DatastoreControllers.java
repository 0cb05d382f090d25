package io.reflex.api;

import java.util.List;

/**
 * The controllers of one area of the API: keys (with the datastore crypto key, made on first start),
 * service registry, timers, OpenAPI document.
 */
final class DatastoreControllers {
    private DatastoreControllers() {}

    static List<Controller> all(ApiContext api, KeysSecrets secrets) {
        return List.of(
                new KeysController(api, secrets),
                new ServiceRegistryController(api),
                new TimersController(api),
                new OpenApiController());
    }
}
