package io.reflex.api.auth;

import io.reflex.api.ApiContext;
import io.reflex.api.web.Controller;
import io.vertx.ext.web.Router;

/** The routes of API keys, the current user and RBAC (read-only). */
public final class AuthRoutes implements Controller {
    private final ApiContext api;

    public AuthRoutes(ApiContext api) {
        this.api = api;
    }

    @Override
    public void mount(Router v1) {
        new ApiKeysController(api).mount(v1);
        new UserController(api).mount(v1);
        new RbacController(api).mount(v1);
    }
}
