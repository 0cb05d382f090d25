package io.reflex.api;

import java.util.List;

/** The controllers of one area of the API: API keys, the current user, RBAC (read-only). */
final class AuthControllers {
    private AuthControllers() {}

    static List<Controller> all(ApiContext api) {
        return List.of(new ApiKeysController(api), new UserController(api), new RbacController(api));
    }
}
