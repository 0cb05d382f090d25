package io.reflex.api.web;

import io.vertx.ext.web.Router;

/**
 * One group of API endpoints (a StackStorm resource). {@link #mount} adds its routes to the
 * {@code /api/v1} router (also served at {@code /v1} and {@code /}); routes are authenticated already.
 */
public interface Controller {
    public void mount(Router v1);
}
