package io.reflex.actionrunner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.actionrunner.runners.Runner;
import io.reflex.actionrunner.runners.Runner.RunContext;
import io.reflex.actionrunner.runners.Supervision;
import io.reflex.content.ContentCache;
import io.reflex.core.bus.EventLog;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionContext;
import io.reflex.core.execution.ResolvedAction;
import io.reflex.core.json.Json;
import io.reflex.core.json.Timestamps;
import io.reflex.core.messages.Channels.StreamEvent;
import io.reflex.core.model.Action;
import io.reflex.core.model.PackConfig;
import io.reflex.core.model.Token;
import io.reflex.core.store.Ids;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import io.reflex.core.store.Store;
import io.reflex.templates.Datastore;
import io.reflex.templates.ParameterRenderer;
import io.reflex.templates.RenderStoppedException;
import io.reflex.templates.TemplateException;
import io.reflex.templates.TemplateLimits;
import io.reflex.templates.Templates.RenderScope;
import io.reflex.templates.Templates.Values;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a claimed execution into a runner call, from the execution's own snapshots (the action and runner
 * as they were when it was requested): the stored parameters as they are (they were rendered once, when
 * the execution was requested, and are data now), the missing ones from the defaults of the runner's
 * parameters merged with the action's, rendered with Jinja in dependency order ({@code action_context} = the
 * execution context, {@code config_context} = the pack config, {@code st2kv}, the other parameters as
 * values), then split into runner and action parameters; the
 * pack version it was requested with, materialised locally (the packs directory only when no version was
 * recorded); the {@code ST2_ACTION_*} environment with a temporary token; an output recorder that masks
 * every secret value. Blocks on the store. Rendering is bounded by {@code templates.max_render_time} and by
 * the execution's {@code timeout} when it is known before rendering (a number, given or the default), and
 * stops as soon as the run is asked to stop (a cancel).
 */
final class Preparation {
    private static final Logger log = LoggerFactory.getLogger(Preparation.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The environment variable that holds {@link #firstOfRetries}. */
    static final String IDEMPOTENCY_KEY = "REFLEX_IDEMPOTENCY_KEY";
    /** A retry chain is as long as a policy's max_retry_count; no chain is followed further than this. */
    private static final int MAX_RETRY_HOPS = 100;

    /**
     * The runners that hand the pack config to the action: StackStorm passes it to Python actions only, and
     * an action chain's templates see it as {@code config_context}. Every other runner gets it only through
     * parameter templates that name {@code config_context}.
     */
    static final Set<String> CONFIG_RUNNERS = Set.of("python-script", "action-chain");

    private final StateStore store;
    /** The runner types this action runner can run, by name. */
    private final Map<String, Runner> runners;

    private final ContentCache content;
    private final Path packsDir;
    private final ParameterRenderer renderer;
    private final Datastore datastore;
    private final Store<Token> tokens;
    private final EventLog<StreamEvent> events;
    private final RunnerSettings settings;
    private final Clock clock;

    Preparation(
            StateStore store,
            List<Runner> runners,
            ContentCache content,
            Path packsDir,
            ParameterRenderer renderer,
            Datastore datastore,
            EventLog<StreamEvent> events,
            RunnerSettings settings,
            Clock clock) {
        this.store = store;
        this.runners = runners.stream().collect(Collectors.toUnmodifiableMap(Runner::name, Function.identity()));
        this.content = content;
        this.packsDir = packsDir;
        this.renderer = renderer;
        this.datastore = datastore;
        this.tokens = store.store(Kinds.TOKEN);
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    /** A runner with its context, and what to undo once it returned (token, output flush). */
    record Prepared(Runner runner, RunContext context, Runnable cleanup) implements AutoCloseable {
        @Override
        public void close() {
            cleanup.run();
        }
    }

    /**
     * @param stop what the runner polls to know it must stop
     * @param supervision how the action's processes are tied to this runner
     * @throws RuntimeException naming the problem (unknown runner, template error, missing content); the
     *     caller fails the execution with it
     */
    Prepared prepare(Execution e, BooleanSupplier stop, Supervision supervision) {
        ResolvedAction resolved = e.resolved();
        String runnerName = resolved.runnerName();
        Runner runner = Optional.ofNullable(runners.get(runnerName))
                .orElseThrow(() -> new IllegalStateException(
                        "Runner \"" + runnerName + "\" is not available on this action runner."));
        ObjectNode runnerSchema = resolved.runner().runnerParameters();
        ObjectNode schema = resolved.parameterSchema();
        Action action = resolved.action();
        String pack = action.pack();
        ObjectNode config =
                needsPackConfig(runnerName, schema, e.parameters()) ? PackConfig.valuesOf(store, pack) : Json.object();
        String user = user(e);
        ObjectNode rendered = renderParameters(e, schema, config, user, stop);
        Split params = Split.of(rendered, schema, runnerSchema);
        Path packDir = packDir(pack, e.packVersion());
        Token token = runner.usesToken()
                ? createToken(user, e.id(), action.name(), tokenTtl(params.runner(), settings.serviceTokenTtl()))
                : null;
        try {
            OutputRecorder output = recorder(e, runnerName, secrets(rendered, schema, token));
            RunContext ctx = new RunContext(
                    e.id(),
                    e.actionRef(),
                    action.name(),
                    pack,
                    action.entryPoint(),
                    params.runner(),
                    params.action(),
                    schema,
                    packDir,
                    env(pack, e.id(), firstOfRetries(e), params.runner(), token),
                    config,
                    user,
                    output,
                    stop,
                    e.context().json(),
                    supervision);
            return new Prepared(runner, ctx, () -> {
                output.close();
                deleteToken(token);
            });
        } catch (RuntimeException ex) {
            deleteToken(token);
            throw ex;
        }
    }

    /**
     * The execution's timeout ran out while its parameters were being rendered: the execution ends
     * {@code timeout}, as if its action had run too long.
     */
    static final class RenderTimedOut extends RuntimeException {
        RenderTimedOut(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private ObjectNode renderParameters(
            Execution e, ObjectNode schema, ObjectNode config, String user, BooleanSupplier stop) {
        TemplateLimits limits = settings.templateLimits();
        Duration timeout = timeoutBeforeRendering(e.parameters(), schema);
        boolean timeoutFirst = timeout != null && timeout.compareTo(limits.maxRenderTime()) < 0;
        String message = timeoutFirst
                ? "parameter rendering exceeded the execution timeout (" + seconds(timeout) + ")"
                : limits.exceeded("parameter rendering", TemplateLimits.MAX_RENDER_TIME);
        try {
            return RenderScope.call(
                    timeoutFirst ? timeout : limits.maxRenderTime(),
                    message,
                    stop,
                    () -> renderer.renderFinal(schema, e.parameters(), context(e, config), datastore, user));
        } catch (TemplateException ex) {
            if (timeoutFirst && !stop.getAsBoolean() && stoppedAtDeadline(ex)) {
                throw new RenderTimedOut(ex.getMessage(), ex);
            }
            throw ex;
        }
    }

    /** The {@code timeout} parameter when it is a number before rendering (given, or its default), or null. */
    static Duration timeoutBeforeRendering(ObjectNode given, ObjectNode schema) {
        JsonNode t = given.has("timeout")
                ? given.get("timeout")
                : schema.path("timeout").get("default");
        return t != null && t.isNumber() && t.asDouble() > 0
                ? Duration.ofMillis(Math.round(t.asDouble() * 1000))
                : null;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static boolean stoppedAtDeadline(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RenderStoppedException s) {
                return s.deadline();
            }
        }
        return false;
    }

    /**
     * Rendered parameters split as StackStorm splits them: those the runner declares, and the rest. Every
     * parameter the action declares is there, {@code null} when it has no value and no default, as in
     * StackStorm's final parameters: a Python action's {@code run(self, a, b)} gets {@code b=None}, a
     * positional shell argument stays in its place as an empty word. Runner parameters without a value stay
     * absent (each runner has its own default for them).
     */
    record Split(ObjectNode runner, ObjectNode action) {
        static Split of(ObjectNode rendered, ObjectNode schema, ObjectNode runnerSchema) {
            Split s = new Split(Json.object(), Json.object());
            rendered.properties()
                    .forEach(p ->
                            (runnerSchema.has(p.getKey()) ? s.runner() : s.action()).set(p.getKey(), p.getValue()));
            schema.fieldNames().forEachRemaining(name -> {
                if (!runnerSchema.has(name) && !s.action().has(name)) {
                    s.action().putNull(name);
                }
            });
            return s;
        }
    }

    private OutputRecorder recorder(Execution e, String runnerName, List<String> secrets) {
        return new OutputRecorder(
                store.store(Kinds.EXECUTION_OUTPUT), events, clock, e.id(), e.actionRef(), runnerName, secrets);
    }

    private String user(Execution e) {
        String user = e.context().user();
        return user == null || user.isBlank() ? settings.systemUser() : user;
    }

    private static Map<String, Object> context(Execution e, ObjectNode config) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("action_context", Values.toMap(e.context().json()));
        ctx.put("config_context", Values.toMap(config));
        return ctx;
    }

    /**
     * Whether the pack config is read for this execution: for a runner that hands it to the action, or when a
     * parameter's default or value names {@code config_context} (the only way a template reaches it).
     */
    static boolean needsPackConfig(String runnerName, ObjectNode schema, ObjectNode parameters) {
        return CONFIG_RUNNERS.contains(runnerName) || ParameterRenderer.readsConfig(schema, parameters);
    }

    private Path packDir(String pack, String version) {
        return version.isEmpty() ? packsDir.resolve(pack) : content.materialise(pack, version);
    }

    private Map<String, String> env(
            String pack, String id, String idempotencyKey, ObjectNode runnerParams, Token token) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ST2_ACTION_PACK_NAME", pack);
        env.put("ST2_ACTION_EXECUTION_ID", id);
        env.put(IDEMPOTENCY_KEY, idempotencyKey);
        env.put("ST2_ACTION_API_URL", settings.apiUrl());
        // Python's str(bool), as StackStorm writes it
        env.put("ST2_ACTION_DEBUG", runnerParams.path("debug").asBoolean(false) ? "True" : "False");
        if (token != null) {
            env.put("ST2_ACTION_AUTH_TOKEN", token.token());
        }
        return env;
    }

    /**
     * The id of the first execution of a retry chain ({@code policies.retry.retried_liveaction_id} followed
     * back), the execution's own id when it is no retry. A retry policy that re-runs an abandoned execution
     * cannot know whether its effect happened before its runner died; this key, the same for every run of
     * the chain, lets an action with an effect that must not happen twice do it once.
     */
    private String firstOfRetries(Execution e) {
        Execution at = e;
        for (int hop = 0; hop < MAX_RETRY_HOPS; hop++) {
            ExecutionContext.Retry retry = at.context().retry();
            if (retry == null || retry.retriedLiveactionId() == null) {
                return at.id();
            }
            Optional<Execution> before = store.store(Kinds.EXECUTION).get(retry.retriedLiveactionId());
            if (before.isEmpty()) {
                return retry.retriedLiveactionId();
            }
            at = before.get();
        }
        return at.id();
    }

    /**
     * {@code auth.service_token_ttl}, as StackStorm; longer when the action's timeout is (its timeout plus
     * an hour), so that a token never expires under a running action.
     */
    static Duration tokenTtl(ObjectNode runnerParams, Duration serviceTokenTtl) {
        JsonNode timeout = runnerParams.get("timeout");
        Duration run = timeout != null && timeout.isNumber()
                ? Duration.ofSeconds(timeout.asLong()).plusHours(1)
                : Duration.ZERO;
        return run.compareTo(serviceTokenTtl) > 0 ? run : serviceTokenTtl;
    }

    /** The text of every secret parameter value, and the token (null when none was made): what output must never show. */
    private static List<String> secrets(ObjectNode rendered, ObjectNode schema, Token token) {
        List<String> out = new ArrayList<>();
        rendered.properties().forEach(p -> {
            JsonNode v = p.getValue();
            if (schema.path(p.getKey()).path("secret").asBoolean(false) && v != null && !v.isNull()) {
                out.add(v.isTextual() ? v.asText() : Json.write(v));
            }
        });
        if (token != null) {
            out.add(token.token());
        }
        return out;
    }

    /**
     * The temporary token of one execution ({@code ST2_ACTION_AUTH_TOKEN}, and {@code ST2_AUTH_TOKEN} for
     * Python actions): a service token of the execution's user, made before the action runs and deleted when
     * it ended, with the metadata StackStorm's runner container writes ({@code service}, {@code action_name},
     * {@code live_action_id}). A token left behind by a crash expires on its own.
     */
    private Token createToken(String user, String executionId, String actionName, Duration ttl) {
        byte[] secret = new byte[16];
        RANDOM.nextBytes(secret);
        Token t = new Token(
                Ids.newId(),
                user,
                HexFormat.of().formatHex(secret),
                Timestamps.now(clock).plus(ttl),
                Json.object()
                        .put("service", "actions_container")
                        .put("action_name", actionName)
                        .put("live_action_id", executionId)
                        .put("execution_id", executionId)
                        .put("issued_by", "actionrunner"),
                true);
        return tokens.insert(t);
    }

    /** Deletes the execution's token, if it was given one. */
    private void deleteToken(Token t) {
        if (t == null) {
            return;
        }
        try {
            tokens.delete(t.id());
        } catch (RuntimeException e) {
            log.warn("execution token not deleted token_id={} error={}", t.id(), e.toString());
        }
    }
}
