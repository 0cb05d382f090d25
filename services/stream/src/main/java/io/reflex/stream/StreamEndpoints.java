package io.reflex.stream;

import io.reflex.core.execution.Execution;
import io.reflex.core.store.StateStore;
import io.reflex.executions.ExecutionViews;
import io.reflex.rbac.Authorizer;
import io.reflex.rbac.ExecutionAccess;
import io.reflex.web.ApiException;
import io.reflex.web.Call;
import io.reflex.web.Workers;
import io.reflex.web.auth.Principal;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * The two streams. Requests arrive authenticated; anything wrong with them (permission, parameters, an
 * unknown execution) is answered as a JSON error before the stream starts. Once the SSE headers are sent
 * the connection belongs to a client object and the handler returns.
 */
final class StreamEndpoints {
    private final LogFanout fanout;
    private final RenderedLog events;
    private final StateStore store;
    private final Authorizer authorizer;
    private final ExecutionAccess executions;
    private final StreamSettings settings;
    private final ExecutionReplay replay;

    StreamEndpoints(
            LogFanout fanout,
            RenderedLog events,
            StateStore store,
            Authorizer authorizer,
            StreamSettings settings,
            ExecutionViews.Options views) {
        this.fanout = fanout;
        this.events = events;
        this.store = store;
        this.authorizer = authorizer;
        this.executions = new ExecutionAccess(store, authorizer, views);
        this.settings = settings;
        this.replay = new ExecutionReplay(store, views);
    }

    /** {@code GET /stream/v1/stream}: on the event loop (nothing here blocks). */
    void events(RoutingContext ctx) {
        Call call = new Call(ctx);
        EventFilter filter;
        Optional<EventStreamClient.Seen> after;
        try {
            authorizer.require(call.principal(), "stream_view");
            filter = EventFilter.of(call);
            after = lastEventId(call);
        } catch (RuntimeException e) {
            ctx.fail(e);
            return;
        }
        SseConnection connection = SseConnection.open(ctx, settings, describe(call));
        if (after.isPresent()) {
            EventStreamClient.resume(connection, filter, fanout, events, after.get(), settings);
        } else if (ExecutionReplay.applies(filter)) {
            EventStreamClient.replaying(connection, filter, fanout, replay, settings);
        } else {
            EventStreamClient.live(connection, filter, fanout);
        }
        connection.begin();
    }

    /** {@code GET /stream/v1/executions/{id}/output}: looks the execution up on a virtual thread. */
    void output(RoutingContext ctx) {
        Call call = new Call(ctx);
        Context loop = Vertx.currentContext();
        Workers.execute(ctx, () -> {
            try {
                Execution e = executions.find(call.path("id"));
                executions.require(call.principal(), "execution_view", e);
                String type = call.query("output_type").orElse("all");
                loop.runOnContext(v -> {
                    SseConnection connection = SseConnection.open(ctx, settings, describe(call));
                    OutputStreamClient.start(connection, fanout, store, e, type, settings);
                    connection.begin();
                });
            } catch (Throwable t) {
                loop.runOnContext(v -> ctx.fail(t));
            }
        });
    }

    /**
     * Where to resume: the {@code Last-Event-ID} header an EventSource sends when it reconnects, or
     * {@code ?last_event_id=} for clients that cannot set headers. An id is {@code N} or {@code N:i}
     * ({@link LogEvent#id}).
     *
     * @throws ApiException 400 when it is not an id of this stream
     */
    static Optional<EventStreamClient.Seen> lastEventId(Call call) {
        Optional<String> raw = call.header("Last-Event-ID")
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .or(() -> call.query("last_event_id"));
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(EventStreamClient.Seen.parse(raw.get().trim())
                .orElseThrow(() -> ApiException.badRequest("Last-Event-ID must be an event id from this stream (a"
                        + " non-negative integer, or two joined by ':'), got '" + raw.get() + "'")));
    }

    private static String describe(Call call) {
        Principal p = call.principal();
        var remote = call.context().request().remoteAddress();
        return p.user() + "@" + (remote == null ? "?" : remote.host() + ":" + remote.port()) + " "
                + call.context().request().path();
    }
}
