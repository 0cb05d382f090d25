package io.reflex.runtime.service;

import io.reflex.runtime.lifecycle.Lifecycle;

/**
 * One Reflex service (api, auth, stream, rulesengine, actionrunner, notifier, sensorcontainer, gc). Its
 * {@link #assemble} builds the whole service in one readable function, pushing each part onto the
 * lifecycle in start order: the same function runs in production, in {@code reflex up} and in tests.
 */
public interface Service {
    /** The service name; also its config section and its coordinator group. */
    String name();

    /** Opens backends and builds components, pushing them onto {@code lifecycle}; does not start them. */
    void assemble(ServiceContext context, Lifecycle lifecycle);
}
