package io.reflex.stream;

import io.reflex.core.messages.Channels;
import io.reflex.executions.ExecutionViews;
import io.reflex.runtime.backend.Backends;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.lifecycle.Lifecycle;
import io.reflex.runtime.service.Service;
import io.reflex.runtime.service.ServiceContext;
import io.reflex.runtime.service.StandardParts;
import io.reflex.runtime.web.WebParts;
import io.reflex.web.auth.AuthHandler;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.List;

/**
 * The stream service (StackStorm's st2stream), assembled in one function: server-sent events from the shared
 * event log, resumable on any stream process with {@code Last-Event-ID}, and execution output streams.
 */
public final class StreamService implements Service {
    @Override
    public String name() {
        return "stream";
    }

    @Override
    public void assemble(ServiceContext ctx, Lifecycle lifecycle) {
        // 1. backends
        Backends backends = StandardParts.backends(ctx, lifecycle);
        assemble(ctx, lifecycle, backends);
    }

    /** Steps 2 and 3 on backends already open: what tests on in-memory backends call. */
    static void assemble(ServiceContext ctx, Lifecycle lifecycle, Backends backends) {
        Config config = ctx.config();
        // 2. components: registry membership, the process's one reader of the event log
        StandardParts.registration(ctx, lifecycle, backends);
        ExecutionViews.Options views = new ExecutionViews.Options(
                config.get(ConfigKeys.API_MASK_SECRETS), config.get(ConfigKeys.WEBUI_BASE_URL));
        // executions are written to the log as records; they are rendered here, once per record read
        RenderedLog events = new RenderedLog(backends.bus().log(Channels.EVENTS), views);
        LogFanout fanout = lifecycle.push("log-reader", new LogFanout(events));
        StreamEndpoints endpoints = new StreamEndpoints(
                fanout, events, backends.store(), WebParts.authorizer(config), StreamSettings.from(config), views);
        // 3. http
        Router root = WebParts.root(ctx.vertx(), config);
        root.get("/healthz").handler(StandardParts.healthEndpoint(ctx, backends, List.of(fanout.health())));
        AuthHandler auth = WebParts.authHandler(config, backends.store());
        StreamRoutes.mount(ctx.vertx(), root, auth, endpoints);
        // a bounded kernel buffer per connection, so a client that stops reading is noticed (and cut) after
        // send_buffer + client_buffer instead of hiding megabytes in the kernel
        HttpServerOptions options =
                new HttpServerOptions().setSendBufferSize(config.get(ConfigKeys.STREAM_SEND_BUFFER));
        StandardParts.http(
                ctx,
                lifecycle,
                root,
                "event stream (/stream/v1/stream, /stream/v1/executions/{id}/output); health: /healthz",
                options);
    }
}
