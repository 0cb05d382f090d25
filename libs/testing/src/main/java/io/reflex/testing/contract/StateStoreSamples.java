package io.reflex.testing.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.Execution.Cause;
import io.reflex.core.execution.Execution.ExecutionLease;
import io.reflex.core.execution.ExecutionContext;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.model.Action;
import io.reflex.core.model.ActionAlias;
import io.reflex.core.model.ApiKey;
import io.reflex.core.model.ConfigSchema;
import io.reflex.core.model.ContentBlob;
import io.reflex.core.model.ContentChunk;
import io.reflex.core.model.ExecutionOutput;
import io.reflex.core.model.Inquiry;
import io.reflex.core.model.KeyValuePair;
import io.reflex.core.model.Pack;
import io.reflex.core.model.PackConfig;
import io.reflex.core.model.Policy;
import io.reflex.core.model.PolicyType;
import io.reflex.core.model.Rule;
import io.reflex.core.model.RuleEnforcement;
import io.reflex.core.model.RunnerType;
import io.reflex.core.model.SensorType;
import io.reflex.core.model.Tag;
import io.reflex.core.model.Token;
import io.reflex.core.model.Trace;
import io.reflex.core.model.Trigger;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.model.TriggerType;
import io.reflex.core.store.Entity;
import io.reflex.core.store.EntityKind;
import io.reflex.core.store.Kinds;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Realistic records for store tests: every kind, with nested objects, lists, enums, instants, numbers of
 * several widths and free-form keys containing {@code .} and {@code $}. Ids from {@link #id(int)} sort in
 * the order of their number, so tests can state which record comes first.
 */
public final class StateStoreSamples {
    /** A fixed moment with milliseconds, the precision stores keep. */
    public static final Instant T0 = Instant.parse("2024-03-01T10:00:00.123Z");

    /** A record of a kind, typed so the two can be used together. */
    public record Sample<T extends Entity>(EntityKind<T> kind, T record) {}

    private StateStoreSamples() {}

    /** A 24-hex-digit id that sorts by {@code n}. */
    public static String id(int n) {
        return String.format("%024x", n);
    }

    public static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    public static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.mapper().readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Free-form content as pack authors write it: dotted and dollar keys, mixed numbers, unicode, null. */
    public static ObjectNode freeForm() {
        ObjectNode node = json("{'trigger.body.value': {'type': 'equals', 'pattern': 5},"
                + " '$ref': '#/definitions/x', 'nested': {'list': [1, 2.5, 10000000000, true, null, 'é😀'],"
                + " 'empty': {}, 'none': null, 'when': '2024-03-01T10:00:00.123000Z'}}");
        node.put("big", Long.MAX_VALUE);
        return node;
    }

    public static Action action(String id, String pack, String name) {
        return new Action(
                id,
                name,
                pack,
                "runs " + name,
                true,
                name + ".py",
                "python-script",
                json("{'cmd': {'type': 'string', 'required': true}, 'timeout': {'type': 'integer', 'default': 60}}"),
                json("{'type': 'object'}"),
                json("{'on-complete': {'routes': ['chatops']}}"),
                List.of(new Tag("team", "ops"), new Tag("tier", "1")),
                "actions/" + name + ".yaml");
    }

    public static Rule rule(String id, String pack, String name, String actionRef) {
        return new Rule(
                id,
                name,
                pack,
                "rule " + name,
                true,
                new Rule.RuleTypeRef("standard", null),
                new Rule.RuleTrigger("core.st2.webhook", json("{'url': 'hook-" + name + "'}"), "core.hook"),
                freeForm(),
                new Rule.RuleAction(actionRef, json("{'cmd': '{{ trigger.body.cmd }}'}")),
                json("{'user': 'stanley'}"),
                List.of(new Tag("kind", "webhook")),
                "rules/" + name + ".yaml");
    }

    /** A requested execution of {@code actionRef} started at {@code start}. */
    public static Execution execution(String id, String actionRef, Instant start) {
        return Execution.request(
                id,
                ExecutionStatus.REQUESTED,
                start,
                actionSnapshot(actionRef),
                RunnerType.named("local-shell-cmd"),
                json("{'cmd': 'echo hi', 'count': 3}"));
    }

    /** A snapshot of action {@code ref} ({@code <pack>.<name>}) run by {@code local-shell-cmd}. */
    public static Action actionSnapshot(String ref) {
        int dot = ref.indexOf('.');
        return new Action(
                id(0),
                ref.substring(dot + 1),
                ref.substring(0, dot),
                null,
                true,
                null,
                "local-shell-cmd",
                null,
                null,
                null,
                null,
                null);
    }

    /** {@link #execution} moved to running with a lease, a parent and a nested result. */
    public static Execution runningExecution(String id, String actionRef, Instant start) {
        Execution scheduled = execution(id, actionRef, start)
                .transitionTo(ExecutionStatus.SCHEDULED, start.plusMillis(5))
                .requestedWith(new Execution.Details(
                        ExecutionContext.of(freeForm()),
                        null,
                        null,
                        id(999),
                        null,
                        new Cause(
                                rule(id(7), "examples", "on_hook", actionRef),
                                null,
                                null,
                                triggerInstance(id(8), start, TriggerInstance.Status.PROCESSED))))
                .withChild(id(1000))
                .withChild(id(1001));
        return scheduled
                .transitionTo(ExecutionStatus.RUNNING, start.plusMillis(10))
                .withLease(new ExecutionLease("runner-1", start.plusSeconds(30), 42L))
                .withResult(json("{'stdout': 'ok', 'return_code': 0, 'items': [{'a': 1.5}, {'b': [true, null]}]}"));
    }

    public static KeyValuePair kv(String id, String name, String scope, Instant expires) {
        return new KeyValuePair(id, name, "value-of-" + name, false, scope, expires);
    }

    public static TriggerInstance triggerInstance(String id, Instant at, TriggerInstance.Status status) {
        return new TriggerInstance(id, "core.hook", freeForm(), at, status);
    }

    public static RuleEnforcement enforcement(String id, String ruleId, String triggerInstanceId, Instant at) {
        return new RuleEnforcement(
                id,
                triggerInstanceId,
                id(5000),
                null,
                new RuleEnforcement.RuleRef("examples.on_hook", ruleId, "rule:examples:on_hook"),
                at,
                RuleEnforcement.Status.SUCCEEDED);
    }

    public static Token token(String id, String user, String token, Instant expiry) {
        return new Token(id, user, token, expiry, json("{'source': 'cli'}"), false);
    }

    /** One record of every kind in {@link Kinds#ALL}, each with nested and typed content. */
    public static List<Sample<?>> oneOfEachKind() {
        return List.of(
                new Sample<>(Kinds.ACTION, action(id(1), "core", "local")),
                new Sample<>(Kinds.RUNNER_TYPE, runnerType()),
                new Sample<>(Kinds.TRIGGER_TYPE, triggerType()),
                new Sample<>(Kinds.TRIGGER, new Trigger(id(4), "hook", "core", "core.st2.webhook", freeForm(), "d")),
                new Sample<>(Kinds.TRIGGER_INSTANCE, triggerInstance(id(5), T0, TriggerInstance.Status.PROCESSED)),
                new Sample<>(Kinds.RULE, rule(id(6), "examples", "on_hook", "core.local")),
                new Sample<>(Kinds.RULE_ENFORCEMENT, enforcement(id(7), id(6), id(5), at(1))),
                new Sample<>(Kinds.EXECUTION, runningExecution(id(8), "core.local", T0)),
                new Sample<>(Kinds.EXECUTION_OUTPUT, output()),
                new Sample<>(Kinds.KEY_VALUE_PAIR, kv(id(10), "stanley:api_token", KeyValuePair.USER, at(60))),
                new Sample<>(Kinds.PACK, pack()),
                new Sample<>(Kinds.SENSOR_TYPE, sensorType()),
                new Sample<>(Kinds.POLICY, policy()),
                new Sample<>(Kinds.POLICY_TYPE, policyType()),
                new Sample<>(Kinds.ACTION_ALIAS, alias()),
                new Sample<>(Kinds.INQUIRY, inquiry()),
                new Sample<>(Kinds.TOKEN, token(id(17), "stanley", "0123456789abcdef0123456789abcdef", at(1440))),
                new Sample<>(Kinds.API_KEY, new ApiKey(id(18), "stanley", "hash-1", freeForm(), T0, true)),
                new Sample<>(Kinds.CONFIG_SCHEMA, new ConfigSchema(id(19), "examples", freeForm())),
                new Sample<>(Kinds.PACK_CONFIG, new PackConfig(id(20), "examples", freeForm())),
                new Sample<>(Kinds.CONTENT_BLOB, new ContentBlob(id(21), "examples", 12345, 2, T0)),
                new Sample<>(Kinds.CONTENT_CHUNK, new ContentChunk(id(22), id(21), 1, "UEsDBBQACAgIAA==")),
                new Sample<>(Kinds.TRACE, trace()));
    }

    private static Trace trace() {
        return Trace.start("deploy-42", T0)
                .with(Trace.Part.TRIGGER_INSTANCE, new Trace.Component(id(5), "core.st2.webhook", T0, null))
                .with(
                        Trace.Part.RULE,
                        new Trace.Component(
                                id(6), "examples.on_hook", at(1), Trace.CausedBy.of("trigger_instance", id(5))));
    }

    private static RunnerType runnerType() {
        return new RunnerType(
                id(2),
                "local-shell-cmd",
                "runs a command",
                true,
                "local_runner",
                "local_shell_command_runner",
                json("{'sudo': {'type': 'boolean', 'default': false}}"),
                "stdout",
                json("{'type': 'object'}"));
    }

    private static TriggerType triggerType() {
        return new TriggerType(
                id(3),
                "st2.webhook",
                "core",
                "webhook",
                json("{'type': 'object', 'properties': {'body': {}}}"),
                json("{'url': {'type': 'string'}}"),
                List.of(new Tag("http", "")),
                "");
    }

    private static ExecutionOutput output() {
        return new ExecutionOutput(id(9), id(8), "core.local", "local-shell-cmd", at(2), "stdout", "line 1\n", null);
    }

    private static Pack pack() {
        return new Pack(
                id(11),
                "examples",
                "Examples",
                "example pack",
                List.of("demo", "test"),
                "1.2.0",
                ">=3.8",
                List.of("3"),
                "StackStorm",
                "info@example.com",
                List.of("a", "b"),
                List.of("pack.yaml", "actions/x.yaml"),
                "/opt/packs/examples",
                List.of("core"),
                freeForm(),
                "sha256:abc");
    }

    private static SensorType sensorType() {
        return new SensorType(
                id(12),
                "FileWatchSensor",
                "linux",
                null,
                "watches files",
                "file:///x.py",
                "file_watch_sensor.py",
                true,
                List.of("linux.file_watch.line"),
                30,
                "sensors/fws.yaml");
    }

    private static Policy policy() {
        return new Policy(
                id(13),
                "concurrency",
                "examples",
                "",
                true,
                "examples.slow",
                "action.concurrency",
                json("{'threshold': 2, 'action': 'delay'}"),
                "policies/c.yaml");
    }

    private static PolicyType policyType() {
        return new PolicyType(
                id(14), "concurrency", "action", "limits", true, "st2actions.policies.concurrency", freeForm());
    }

    private static ActionAlias alias() {
        ArrayNode formats = Json.mapper().createArrayNode();
        formats.add("run {{cmd}}");
        formats.add(json("{'display': 'run <cmd>', 'representation': ['run {{cmd}} on {{hosts}}']}"));
        return new ActionAlias(
                id(15),
                "run",
                "examples",
                "runs",
                true,
                "core.local",
                formats,
                json("{'enabled': true, 'format': 'on it'}"),
                json("{'format': '{{ execution.result.stdout }}'}"),
                json("{'slack': {'color': '#00ff00'}}"),
                json("{'sudo': false}"),
                "aliases/run.yaml");
    }

    private static Inquiry inquiry() {
        return new Inquiry(
                id(16),
                json("{'type': 'object', 'properties': {'approved': {'type': 'boolean'}}}"),
                List.of("admins"),
                List.of("stanley"),
                "ops",
                30,
                at(3),
                json("{'approved': true}"),
                "stanley");
    }
}
