package io.reflex.runtime.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every configuration key Reflex knows. A key not listed here is an error wherever it appears. */
public final class ConfigKeys {
    private static final List<ConfigKey<?>> ALL = new ArrayList<>();

    public static final ConfigKey<Path> DATA_DIR = add(new ConfigKey<>(
            "data_dir", new ValueType.FilePath(), "~/.reflex", "where embedded backends and local state live"));

    public static final ConfigKey<URI> STORE_URI = add(new ConfigKey<>(
            "store.uri",
            new ValueType.Uri(List.of("mongodb", "mongodb+srv", "postgresql", "postgres", "embedded")),
            "embedded:",
            "state store: postgresql://user@host:5432/db, mongodb://…, or embedded: (PostgreSQL under data_dir;"
                    + " embedded:mongo for mongo-java-server)"));
    public static final ConfigKey<String> STORE_DATABASE = add(new ConfigKey<>(
            "store.database",
            new ValueType.Text(),
            "reflex",
            "MongoDB database name (PostgreSQL takes its database from store.uri)"));

    public static final ConfigKey<URI> BUS_URI = add(new ConfigKey<>(
            "bus.uri",
            new ValueType.Uri(List.of("amqp", "amqps", "embedded")),
            "embedded:",
            "message bus: amqp://user:pass@host:5672/vhost or embedded: (Qpid Broker-J under data_dir)"));

    public static final ConfigKey<URI> COORDINATION_URI = add(
            new ConfigKey<>(
                    "coordination.uri",
                    new ValueType.Uri(List.of("zookeeper", "redis", "rediss", "embedded")),
                    "embedded:",
                    "coordinator: zookeeper://host:2181[,host:2181], redis://host:6379 or embedded: (ZooKeeper under data_dir)"));
    public static final ConfigKey<String> COORDINATION_NAMESPACE = add(new ConfigKey<>(
            "coordination.namespace", new ValueType.Text(), "reflex", "prefix of every coordination path or key"));
    public static final ConfigKey<Duration> COORDINATION_SESSION_TIMEOUT = add(new ConfigKey<>(
            "coordination.session_timeout",
            new ValueType.Span(Duration.ofSeconds(1)),
            "15s",
            "how long a silent process keeps its locks, leadership and membership"));

    public static final ConfigKey<String> LOGGING_LEVEL = add(new ConfigKey<>(
            "logging.level",
            new ValueType.Choice(List.of("trace", "debug", "info", "warn", "error")),
            "info",
            "log level of Reflex's own loggers"));
    public static final ConfigKey<String> LOGGING_FORMAT = add(new ConfigKey<>(
            "logging.format", new ValueType.Choice(List.of("text", "json")), "text", "text lines or JSON lines"));

    public static final ConfigKey<Duration> STARTUP_TIMEOUT = add(new ConfigKey<>(
            "startup.timeout",
            new ValueType.Span(Duration.ZERO),
            "60s",
            "how long a starting service waits for its backends before giving up"));
    public static final ConfigKey<Duration> SHUTDOWN_GRACE = add(new ConfigKey<>(
            "shutdown.grace",
            new ValueType.Span(Duration.ZERO),
            "30s",
            "how long in-flight work may take to finish on SIGTERM"));

    public static final ConfigKey<String> PACKS_DIR = add(new ConfigKey<>(
            "content.packs_dir",
            new ValueType.Text(),
            "",
            "directory of user packs: installed ones and content written through the API (empty: <data_dir>/packs)"));
    public static final ConfigKey<String> SYSTEM_PACKS_DIR = add(
            new ConfigKey<>(
                    "content.system_packs_dir",
                    new ValueType.Text(),
                    "",
                    "read-only directory of the packs shipped with Reflex (core, chatops, examples); empty: the installation's packs/, else ./packs; none: no system packs"));
    public static final ConfigKey<String> CONFIGS_DIR = add(new ConfigKey<>(
            "content.configs_dir",
            new ValueType.Text(),
            "",
            "directory of pack configs <pack>.yaml (empty: 'configs' beside the packs directory)"));
    public static final ConfigKey<Boolean> CONTENT_REGISTER_ON_START = add(new ConfigKey<>(
            "content.register_on_start",
            new ValueType.Bool(),
            "true",
            "register the packs directory when the api starts"));
    public static final ConfigKey<Boolean> CONTENT_WATCH = add(
            new ConfigKey<>("content.watch", new ValueType.Bool(), "true", "re-register a pack when its files change"));
    public static final ConfigKey<Duration> CONTENT_WATCH_DEBOUNCE = add(new ConfigKey<>(
            "content.watch_debounce",
            new ValueType.Span(Duration.ofMillis(50)),
            "1s",
            "quiet time after the last change before a pack is re-registered"));
    public static final ConfigKey<Integer> CONTENT_MAX_FILE_BYTES = add(
            new ConfigKey<>(
                    "content.max_file_bytes",
                    new ValueType.Int(1024, 1 << 30),
                    "4194304",
                    "largest pack YAML/JSON file (pack.yaml, actions, rules, configs...) read: larger ones are refused unparsed"));

    public static final ConfigKey<String> API_ALLOW_ORIGIN = add(new ConfigKey<>(
            "api.allow_origin",
            new ValueType.Text(),
            "http://127.0.0.1:3000,http://localhost:3000",
            "comma-separated exact origins allowed by CORS (e.g. the web UI's)"));
    public static final ConfigKey<Integer> API_MAX_PAGE_SIZE = add(new ConfigKey<>(
            "api.max_page_size",
            new ValueType.Int(1, 100_000),
            "100",
            "largest list page a non-administrator may request"));
    public static final ConfigKey<Integer> API_MAX_BODY_BYTES = add(new ConfigKey<>(
            "api.max_body_bytes", new ValueType.Int(1024, 1 << 30), "10485760", "largest request body (413 above it)"));
    public static final ConfigKey<Boolean> API_MASK_SECRETS = add(new ConfigKey<>(
            "api.mask_secrets", new ValueType.Bool(), "true", "mask secret values as ******** in every output"));
    public static final ConfigKey<Boolean> API_AUTH_COOKIE_SECURE = add(new ConfigKey<>(
            "api.auth_cookie_secure", new ValueType.Bool(), "false", "mark the auth-token cookie Secure (HTTPS only)"));
    public static final ConfigKey<String> API_PUBLIC_URL = add(new ConfigKey<>(
            "api.public_url",
            new ValueType.Text(),
            "",
            "public URL of the API (X-API-URL); empty: http://<api.host>:<api.port>"));
    public static final ConfigKey<String> API_WEBHOOK_STRIP_HEADERS = add(
            new ConfigKey<>(
                    "api.webhook_strip_headers",
                    new ValueType.Text(),
                    "",
                    "comma-separated extra request headers (case-insensitive) never kept in webhook payloads; Authorization, Proxy-Authorization, Cookie, Set-Cookie, X-Auth-Token and St2-Api-Key never are"));
    public static final ConfigKey<String> WEBUI_BASE_URL = add(new ConfigKey<>(
            "webui.base_url", new ValueType.Text(), "", "web UI base URL used in executions' web_url; empty: none"));
    public static final ConfigKey<String> WEBUI_STATIC_DIR = add(new ConfigKey<>(
            "webui.static_dir",
            new ValueType.Text(),
            "",
            "directory of a built web UI (st2web) the api serves at / on its port; empty: none"));

    public static final ConfigKey<Boolean> AUTH_ENABLE = add(new ConfigKey<>(
            "auth.enable", new ValueType.Bool(), "true", "require a token or API key on every API call"));
    public static final ConfigKey<String> AUTH_MODE = add(new ConfigKey<>(
            "auth.mode",
            new ValueType.Choice(List.of("standalone", "proxy")),
            "standalone",
            "standalone: check passwords; proxy: trust the user named by the fronting proxy"));
    public static final ConfigKey<String> AUTH_HTPASSWD_FILE = add(new ConfigKey<>(
            "auth.htpasswd_file",
            new ValueType.Text(),
            "",
            "htpasswd file of users (bcrypt, apr1, SHA); empty: <data_dir>/htpasswd"));
    public static final ConfigKey<String> AUTH_PROXY_HEADER = add(new ConfigKey<>(
            "auth.proxy_header",
            new ValueType.Text(),
            "X-Forwarded-User",
            "proxy mode: header naming the authenticated user"));
    public static final ConfigKey<String> AUTH_PROXY_TRUSTED = add(new ConfigKey<>(
            "auth.proxy_trusted",
            new ValueType.Text(),
            "127.0.0.1,::1",
            "proxy mode: comma-separated addresses whose proxy header is trusted"));
    public static final ConfigKey<Duration> AUTH_TOKEN_TTL = add(new ConfigKey<>(
            "auth.token_ttl",
            new ValueType.Span(Duration.ofSeconds(1)),
            "24h",
            "lifetime of a token (and the largest ttl a user may ask for)"));
    public static final ConfigKey<Duration> AUTH_SERVICE_TOKEN_TTL = add(new ConfigKey<>(
            "auth.service_token_ttl",
            new ValueType.Span(Duration.ofSeconds(1)),
            "24h",
            "largest ttl of tokens minted for services"));
    public static final ConfigKey<String> AUTH_ADMIN_USER = add(new ConfigKey<>(
            "auth.admin_user", new ValueType.Text(), "st2admin", "the administrator account created on first start"));
    public static final ConfigKey<String> AUTH_ADMIN_PASSWORD = add(
            new ConfigKey<>(
                    "auth.admin_password",
                    new ValueType.Text(),
                    "",
                    "its password on first start (REFLEX_AUTH_ADMIN_PASSWORD or REFLEX_ADMIN_PASSWORD); empty: generated and stored"));

    public static final ConfigKey<Boolean> RBAC_ENABLE = add(new ConfigKey<>(
            "rbac.enable",
            new ValueType.Bool(),
            "false",
            "enforce role-based access control (off: every user is an administrator)"));
    public static final ConfigKey<String> RBAC_DEFINITIONS_DIR = add(new ConfigKey<>(
            "rbac.definitions_dir",
            new ValueType.Text(),
            "",
            "roles/ and assignments/ YAML files; empty: <data_dir>/rbac"));

    public static final ConfigKey<String> KEYVALUE_ENCRYPTION_KEY_PATH = add(
            new ConfigKey<>(
                    "keyvalue.encryption_key_path",
                    new ValueType.Text(),
                    "",
                    "datastore crypto key (StackStorm/keyczar JSON format); empty: <data_dir>/keys/datastore_key.json, made on first start"));

    public static final ConfigKey<String> RULESENGINE_SYSTEM_USER = add(new ConfigKey<>(
            "rulesengine.system_user",
            new ValueType.Text(),
            "stanley",
            "the user executions started by rules run as (StackStorm's [system_user] user)"));
    public static final ConfigKey<Integer> RULESENGINE_PREFETCH = add(new ConfigKey<>(
            "rulesengine.prefetch", new ValueType.Int(1, 1024), "32", "trigger instances handled at once"));
    public static final ConfigKey<Duration> RULESENGINE_RULES_CACHE_TTL = add(new ConfigKey<>(
            "rulesengine.rules_cache_ttl",
            new ValueType.Span(Duration.ZERO),
            "2s",
            "longest the rules of a trigger and the actions they run are reused before they are read again"
                    + " (a change made through Reflex applies at once; this bounds changes made behind its back)"));

    public static final ConfigKey<Integer> TEMPLATES_MAX_LOOP_ITERATIONS = add(
            new ConfigKey<>(
                    "templates.max_loop_iterations",
                    new ValueType.Int(1, Integer.MAX_VALUE),
                    "100000",
                    "loop iterations one Jinja template may run, all its for loops together (and the longest range() it may build)"));
    public static final ConfigKey<Integer> TEMPLATES_MAX_OUTPUT_BYTES = add(
            new ConfigKey<>(
                    "templates.max_output_bytes",
                    new ValueType.Int(1024, Integer.MAX_VALUE),
                    "10485760",
                    "largest output of one Jinja template, and largest string any of its expressions may build; lists and dicts it builds hold at most a eighth of it in items"));
    public static final ConfigKey<Duration> TEMPLATES_MAX_RENDER_TIME = add(
            new ConfigKey<>(
                    "templates.max_render_time",
                    new ValueType.Span(Duration.ofMillis(10)),
                    "10s",
                    "wall time one Jinja template may take; all templates of one execution, rule enforcement or notification together get it too"));
    public static final ConfigKey<Integer> TEMPLATES_MAX_DEPTH = add(
            new ConfigKey<>(
                    "templates.max_depth",
                    new ValueType.Int(1, 1000),
                    "10",
                    "deepest nesting of renders within a Jinja template (the render filter); tags nested so deep that they exhaust the stack fail naming it"));

    public static final ConfigKey<Boolean> TIMERS_ENABLE = add(
            new ConfigKey<>(
                    "timers.enable",
                    new ValueType.Bool(),
                    "true",
                    "fire interval, date and cron timers, on the one rules engine elected to lead them (StackStorm's [timersengine] enable)"));
    public static final ConfigKey<String> TIMERS_LOCAL_TIMEZONE = add(
            new ConfigKey<>(
                    "timers.local_timezone",
                    new ValueType.Text(),
                    "UTC",
                    "time zone of timers without a timezone parameter, e.g. Europe/Berlin (StackStorm's [timersengine] local_timezone)"));
    public static final ConfigKey<Duration> TIMERS_MISFIRE_GRACE = add(
            new ConfigKey<>(
                    "timers.misfire_grace",
                    new ValueType.Span(Duration.ZERO),
                    "60s",
                    "a schedule point missed (leader failover, outage) is still fired this long after its time; older ones are skipped and logged"));
    public static final ConfigKey<Duration> TIMERS_REFRESH_INTERVAL = add(new ConfigKey<>(
            "timers.refresh_interval",
            new ValueType.Span(Duration.ofMillis(100)),
            "2s",
            "how often the timer leader re-reads rules and triggers (rule changes apply within it)"));

    public static final ConfigKey<String> NOTIFIER_EMIT_WHEN = add(new ConfigKey<>(
            "notifier.emit_when",
            new ValueType.Text(),
            "succeeded,failed,timeout,canceled,abandoned",
            "completed statuses that emit core.st2.generic.actiontrigger (comma-separated; empty: none)"));
    public static final ConfigKey<Integer> WORKFLOWENGINE_CONCURRENCY = add(new ConfigKey<>(
            "workflowengine.concurrency",
            new ValueType.Int(1, 1024),
            "32",
            "workflow events (requests, task completions) handled at once"));
    public static final ConfigKey<Integer> NOTIFIER_CONCURRENCY = add(new ConfigKey<>(
            "notifier.concurrency", new ValueType.Int(1, 1024), "16", "completed executions handled at once"));
    public static final ConfigKey<Duration> NOTIFIER_REAP_INTERVAL = add(new ConfigKey<>(
            "notifier.reap_interval",
            new ValueType.Span(Duration.ofMillis(100)),
            "5s",
            "how often the elected notifier abandons executions whose runner lease expired"));
    public static final ConfigKey<Duration> NOTIFIER_REQUEUE_AFTER = add(new ConfigKey<>(
            "notifier.requeue_after",
            new ValueType.Span(Duration.ofSeconds(1)),
            "60s",
            "a requested execution nobody picked up for this long (a delayed one: this long past its delay) has"
                    + " its request published again"));
    public static final ConfigKey<Duration> NOTIFIER_OUTBOX_INTERVAL = add(new ConfigKey<>(
            "notifier.outbox_interval",
            new ValueType.Span(Duration.ofMillis(100)),
            "2s",
            "how often the elected notifier publishes execution announcements (completions, stream events) left"
                    + " pending by a writer that crashed or lost the broker"));
    public static final ConfigKey<Duration> NOTIFIER_OUTBOX_AFTER = add(new ConfigKey<>(
            "notifier.outbox_after",
            new ValueType.Span(Duration.ofMillis(100)),
            "5s",
            "how long an execution announcement may stay pending before the outbox sweep publishes it"));

    public static final ConfigKey<Integer> ACTIONRUNNER_CONCURRENCY = add(
            new ConfigKey<>(
                    "actionrunner.concurrency",
                    new ValueType.Int(1, 1024),
                    "16",
                    "executions one action runner works on at once (its bus prefetch; includes those waiting for a policy slot)"));
    public static final ConfigKey<Duration> ACTIONRUNNER_LEASE_TTL = add(new ConfigKey<>(
            "actionrunner.lease_ttl",
            new ValueType.Span(Duration.ofSeconds(1)),
            "30s",
            "how long a running execution's lease lasts without a heartbeat (renewed every third of it)"));
    public static final ConfigKey<Integer> ACTIONRUNNER_RESULT_INLINE_LIMIT = add(new ConfigKey<>(
            "actionrunner.result_inline_limit",
            new ValueType.Int(1024, Integer.MAX_VALUE),
            "1048576",
            "results larger than this many bytes of JSON are stored out of line (the API still serves them whole)"));
    public static final ConfigKey<String> ACTIONRUNNER_SYSTEM_USER = add(
            new ConfigKey<>(
                    "actionrunner.system_user",
                    new ValueType.Text(),
                    "stanley",
                    "user of remote (SSH) actions that name none, and of executions without a user (StackStorm's [system_user] user)"));

    public static final ConfigKey<Duration> STREAM_HEARTBEAT = add(new ConfigKey<>(
            "stream.heartbeat",
            new ValueType.Span(Duration.ofMillis(100)),
            "25s",
            "an SSE connection silent for this long gets a bare-newline keep-alive (StackStorm's [stream] heartbeat)"));
    public static final ConfigKey<Integer> STREAM_CLIENT_BUFFER = add(new ConfigKey<>(
            "stream.client_buffer",
            new ValueType.Int(1, 1_000_000),
            "1000",
            "events queued for one SSE client beyond its socket; a client that falls further behind is disconnected"));
    public static final ConfigKey<Integer> STREAM_SEND_BUFFER = add(
            new ConfigKey<>(
                    "stream.send_buffer",
                    new ValueType.Int(4096, 16 << 20),
                    "262144",
                    "kernel send buffer of each SSE connection, in bytes: with client_buffer, what a client that stopped reading may hold before it is cut"));

    public static final ConfigKey<String> GC_ACTION_EXECUTIONS_TTL = add(
            new ConfigKey<>(
                    "gc.action_executions_ttl",
                    new ValueType.Text(),
                    "30d",
                    "completed executions (with their output) older than this are deleted; days (30) or 30d/12h, at least 1d; 0: never"));
    public static final ConfigKey<String> GC_ACTION_EXECUTIONS_OUTPUT_TTL = add(new ConfigKey<>(
            "gc.action_executions_output_ttl",
            new ValueType.Text(),
            "7d",
            "execution output records older than this are deleted; at least 1d; 0: never"));
    public static final ConfigKey<String> GC_TRIGGER_INSTANCES_TTL = add(new ConfigKey<>(
            "gc.trigger_instances_ttl",
            new ValueType.Text(),
            "30d",
            "trigger instances older than this are deleted; at least 1d; 0: never"));
    public static final ConfigKey<String> GC_RULE_ENFORCEMENTS_TTL = add(new ConfigKey<>(
            "gc.rule_enforcements_ttl",
            new ValueType.Text(),
            "30d",
            "rule enforcements older than this are deleted; at least 1d; 0: never"));
    public static final ConfigKey<String> GC_TOKENS_TTL = add(new ConfigKey<>(
            "gc.tokens_ttl",
            new ValueType.Text(),
            "1s",
            "tokens are deleted this long after they expired (1s: right after expiry); 0: never"));
    public static final ConfigKey<String> GC_KEYS_TTL = add(new ConfigKey<>(
            "gc.keys_ttl",
            new ValueType.Text(),
            "1s",
            "datastore keys with a ttl are deleted this long after they expired (1s: right after expiry); 0: never"));
    public static final ConfigKey<Duration> GC_COLLECTION_INTERVAL = add(new ConfigKey<>(
            "gc.collection_interval",
            new ValueType.Span(Duration.ofSeconds(1)),
            "600s",
            "pause between two collection cycles of the elected gc"));
    public static final ConfigKey<Duration> GC_SLEEP_DELAY = add(new ConfigKey<>(
            "gc.sleep_delay",
            new ValueType.Span(Duration.ZERO),
            "2s",
            "pause between two kinds within a collection cycle"));
    public static final ConfigKey<Integer> GC_BATCH_SIZE = add(new ConfigKey<>(
            "gc.batch_size",
            new ValueType.Int(1, 100_000),
            "1000",
            "records deleted per store operation (bounds the gc's memory however large the backlog)"));
    public static final ConfigKey<Boolean> GC_PURGE_INQUIRIES = add(new ConfigKey<>(
            "gc.purge_inquiries",
            new ValueType.Bool(),
            "true",
            "time out pending inquiries (inquirer executions) older than their ttl in minutes"));

    public static final ConfigKey<String> SENSORCONTAINER_PARTITION_PROVIDER = add(
            new ConfigKey<>(
                    "sensorcontainer.partition_provider",
                    new ValueType.Text(),
                    "membership",
                    "which sensors this container runs: membership (shared out among live containers), default (all), kvstore, file or hash; StackStorm's 'name:hash, hash_ranges:...' form works too"));
    public static final ConfigKey<String> SENSORCONTAINER_SENSOR_REF = add(
            new ConfigKey<>(
                    "sensorcontainer.sensor_ref",
                    new ValueType.Text(),
                    "",
                    "single-sensor mode (StackStorm's --single-sensor-mode --sensor-ref): run only this sensor (pack.Class), whatever the partition provider; other containers leave it to this one while it is alive"));
    public static final ConfigKey<String> SENSORCONTAINER_SENSOR_NODE_NAME = add(new ConfigKey<>(
            "sensorcontainer.sensor_node_name",
            new ValueType.Text(),
            "sensornode1",
            "this container's node name for the kvstore (<name>.sensor_partition) and file providers"));
    public static final ConfigKey<String> SENSORCONTAINER_PARTITION_FILE = add(new ConfigKey<>(
            "sensorcontainer.partition_file",
            new ValueType.Text(),
            "",
            "file provider: YAML map of node name to the sensor refs it runs"));
    public static final ConfigKey<String> SENSORCONTAINER_HASH_RANGES = add(new ConfigKey<>(
            "sensorcontainer.hash_ranges",
            new ValueType.Text(),
            "MIN..MAX",
            "hash provider: ranges of sensor ref hashes this container runs, e.g. 0..1024|2048..MAX"));
    public static final ConfigKey<Duration> SENSORCONTAINER_REBALANCE_INTERVAL = add(new ConfigKey<>(
            "sensorcontainer.rebalance_interval",
            new ValueType.Span(Duration.ofMillis(100)),
            "2s",
            "how often sensor definitions, triggers and ownership are re-read (membership changes apply at once)"));
    public static final ConfigKey<Duration> SENSORCONTAINER_STOP_TIMEOUT = add(new ConfigKey<>(
            "sensorcontainer.stop_timeout",
            new ValueType.Span(Duration.ZERO),
            "5s",
            "how long a sensor may take to exit after SIGTERM before it is killed"));
    public static final ConfigKey<Duration> SENSORCONTAINER_RESPAWN_DELAY = add(new ConfigKey<>(
            "sensorcontainer.respawn_delay",
            new ValueType.Span(Duration.ZERO),
            "2500ms",
            "a failed sensor is restarted after this delay times the number of failures in a row"));
    public static final ConfigKey<Duration> SENSORCONTAINER_RESPAWN_MAX_DELAY = add(new ConfigKey<>(
            "sensorcontainer.respawn_max_delay",
            new ValueType.Span(Duration.ZERO),
            "60s",
            "the longest pause before a failed sensor is restarted (it is retried for ever)"));
    public static final ConfigKey<String> SENSORCONTAINER_PYTHON = add(new ConfigKey<>(
            "sensorcontainer.python",
            new ValueType.Text(),
            "python3",
            "Python interpreter of sensors whose pack has no virtualenv"));
    public static final ConfigKey<Boolean> SENSORCONTAINER_VALIDATE_TRIGGER_PAYLOAD = add(new ConfigKey<>(
            "sensorcontainer.validate_trigger_payload",
            new ValueType.Bool(),
            "true",
            "drop (with a warning) sensor dispatches whose payload does not fit the trigger type's payload_schema"));
    public static final ConfigKey<String> SENSORCONTAINER_TOKEN_USER = add(new ConfigKey<>(
            "sensorcontainer.token_user",
            new ValueType.Text(),
            "sensors_container",
            "user of the token sensors call the API with (datastore); with RBAC on it needs a role"));

    /** Per service: host and port of its HTTP listener (the REST API, or just /healthz for bus services). */
    private static final Map<String, ServiceKeys> SERVICES = new LinkedHashMap<>();

    static {
        service("api", 9101, "REST API");
        service("auth", 9100, "auth API");
        service("stream", 9102, "event stream");
        service("rulesengine", 9103, "health endpoint");
        service("actionrunner", 9104, "health endpoint");
        service("notifier", 9105, "health endpoint");
        service("sensorcontainer", 9106, "health endpoint");
        service("gc", 9107, "health endpoint");
        service("workflowengine", 9108, "health endpoint");
    }

    /** The host and port keys of one service. */
    public record ServiceKeys(ConfigKey<String> host, ConfigKey<Integer> port) {}

    private ConfigKeys() {}

    private static <T> ConfigKey<T> add(ConfigKey<T> key) {
        ALL.add(key);
        return key;
    }

    private static void service(String name, int port, String what) {
        var host =
                add(new ConfigKey<>(name + ".host", new ValueType.Text(), "127.0.0.1", name + " " + what + " address"));
        var p = add(new ConfigKey<>(
                name + ".port",
                new ValueType.Int(0, 65535),
                Integer.toString(port),
                name + " " + what + " port (0: any free port)"));
        SERVICES.put(name, new ServiceKeys(host, p));
    }

    /** The service names, in the order {@code reflex up} starts them. */
    public static List<String> services() {
        return List.copyOf(SERVICES.keySet());
    }

    /** @throws ConfigException listing the known services */
    public static ServiceKeys service(String name) {
        ServiceKeys keys = SERVICES.get(name);
        if (keys == null) {
            throw new ConfigException(
                    "unknown service '" + name + "'; services: " + String.join(", ", SERVICES.keySet()));
        }
        return keys;
    }

    public static List<ConfigKey<?>> all() {
        return Collections.unmodifiableList(ALL);
    }
}
