package io.reflex.core.store;

import io.reflex.core.execution.Execution;
import io.reflex.core.model.Action;
import io.reflex.core.model.ActionAlias;
import io.reflex.core.model.ApiKey;
import io.reflex.core.model.ConfigSchema;
import io.reflex.core.model.ContentBlob;
import io.reflex.core.model.ContentChunk;
import io.reflex.core.model.ContentStamp;
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
import io.reflex.core.model.Token;
import io.reflex.core.model.Trace;
import io.reflex.core.model.Trigger;
import io.reflex.core.model.TriggerInstance;
import io.reflex.core.model.TriggerType;
import io.reflex.core.workflow.WorkflowExecution;
import java.util.List;

/** The catalogue of stored aggregates: collection names and the indexes each store ensures. */
public final class Kinds {
    public static final EntityKind<Action> ACTION = new EntityKind<>(
            "action", Action.class, List.of(IndexSpec.unique("pack_name", "pack", "name"), IndexSpec.of("ref", "ref")));
    public static final EntityKind<RunnerType> RUNNER_TYPE =
            new EntityKind<>("runner_type", RunnerType.class, List.of(IndexSpec.unique("name", "name")));
    public static final EntityKind<TriggerType> TRIGGER_TYPE = new EntityKind<>(
            "trigger_type",
            TriggerType.class,
            List.of(IndexSpec.unique("pack_name", "pack", "name"), IndexSpec.of("ref", "ref")));
    public static final EntityKind<Trigger> TRIGGER = new EntityKind<>(
            "trigger",
            Trigger.class,
            List.of(
                    IndexSpec.unique("pack_name", "pack", "name"),
                    IndexSpec.of("ref", "ref"),
                    IndexSpec.of("type", "type")));
    public static final EntityKind<TriggerInstance> TRIGGER_INSTANCE = new EntityKind<>(
                    "trigger_instance",
                    TriggerInstance.class,
                    List.of(IndexSpec.of("occurrence_time", "-occurrence_time"), IndexSpec.of("trigger", "trigger")))
            .counted();
    public static final EntityKind<Rule> RULE = new EntityKind<>(
            "rule",
            Rule.class,
            List.of(
                    IndexSpec.unique("pack_name", "pack", "name"),
                    IndexSpec.of("ref", "ref"),
                    IndexSpec.of("trigger_type", "trigger.type")));
    public static final EntityKind<RuleEnforcement> RULE_ENFORCEMENT = new EntityKind<>(
            "rule_enforcement",
            RuleEnforcement.class,
            List.of(
                    IndexSpec.unique("rule_trigger_instance", "rule.id", "trigger_instance_id"),
                    IndexSpec.of("enforced_at", "-enforced_at")));
    public static final EntityKind<Execution> EXECUTION = new EntityKind<>(
                    "execution",
                    Execution.class,
                    List.of(
                            IndexSpec.of("start_timestamp", "-start_timestamp"),
                            IndexSpec.of("status", "status"),
                            IndexSpec.of("action_ref", "action.ref"),
                            IndexSpec.of("parent", "parent"),
                            IndexSpec.of("lease_expiry", "lease.expires_at"),
                            IndexSpec.of("outbox_at", "outbox.at")))
            .counted("parent");
    /**
     * Workflow state, one per orquesta execution (same id); changed by compare-and-set on version. {@code closed}
     * is what the workflow engines' sweep looks for ({@code closed: false}, the open ones among all ever run).
     */
    public static final EntityKind<WorkflowExecution> WORKFLOW_EXECUTION = new EntityKind<>(
            "workflow_execution",
            WorkflowExecution.class,
            List.of(
                    IndexSpec.of("status", "status"),
                    IndexSpec.of("created_at", "-created_at"),
                    IndexSpec.of("closed", "closed")));

    public static final EntityKind<ExecutionOutput> EXECUTION_OUTPUT = new EntityKind<>(
            "execution_output",
            ExecutionOutput.class,
            List.of(IndexSpec.of("execution_timestamp", "execution_id", "timestamp")));
    public static final EntityKind<KeyValuePair> KEY_VALUE_PAIR = new EntityKind<>(
            "key_value_pair",
            KeyValuePair.class,
            List.of(
                    IndexSpec.unique("scope_name", "scope", "name"),
                    IndexSpec.of("expire_timestamp", "expire_timestamp")));
    public static final EntityKind<Pack> PACK =
            new EntityKind<>("pack", Pack.class, List.of(IndexSpec.unique("ref", "ref")));
    public static final EntityKind<SensorType> SENSOR_TYPE = new EntityKind<>(
            "sensor_type",
            SensorType.class,
            List.of(IndexSpec.unique("pack_name", "pack", "name"), IndexSpec.of("ref", "ref")));
    public static final EntityKind<Policy> POLICY = new EntityKind<>(
            "policy",
            Policy.class,
            List.of(IndexSpec.unique("pack_name", "pack", "name"), IndexSpec.of("resource_ref", "resource_ref")));
    public static final EntityKind<PolicyType> POLICY_TYPE = new EntityKind<>(
            "policy_type", PolicyType.class, List.of(IndexSpec.unique("resource_type_name", "resource_type", "name")));
    public static final EntityKind<ActionAlias> ACTION_ALIAS = new EntityKind<>(
            "action_alias",
            ActionAlias.class,
            List.of(IndexSpec.unique("pack_name", "pack", "name"), IndexSpec.of("name", "name")));
    public static final EntityKind<Inquiry> INQUIRY =
            new EntityKind<>("inquiry", Inquiry.class, List.of(IndexSpec.of("created_at", "-created_at")));
    public static final EntityKind<Token> TOKEN = new EntityKind<>(
            "token", Token.class, List.of(IndexSpec.unique("token", "token"), IndexSpec.of("expiry", "expiry")));
    public static final EntityKind<ApiKey> API_KEY =
            new EntityKind<>("api_key", ApiKey.class, List.of(IndexSpec.unique("key_hash", "key_hash")));

    public static final EntityKind<Trace> TRACE = new EntityKind<>(
            "trace",
            Trace.class,
            List.of(IndexSpec.of("trace_tag", "trace_tag"), IndexSpec.of("start_timestamp", "-start_timestamp")));

    public static final EntityKind<ConfigSchema> CONFIG_SCHEMA =
            new EntityKind<>("config_schema", ConfigSchema.class, List.of(IndexSpec.unique("pack", "pack")));
    public static final EntityKind<PackConfig> PACK_CONFIG =
            new EntityKind<>("pack_config", PackConfig.class, List.of(IndexSpec.unique("pack", "pack")));
    public static final EntityKind<ContentBlob> CONTENT_BLOB =
            new EntityKind<>("content_blob", ContentBlob.class, List.of(IndexSpec.of("pack", "pack")));
    public static final EntityKind<ContentStamp> CONTENT_STAMP =
            new EntityKind<>("rules_stamp", ContentStamp.class, List.of());
    public static final EntityKind<ContentChunk> CONTENT_CHUNK = new EntityKind<>(
            "content_chunk", ContentChunk.class, List.of(IndexSpec.unique("blob_index", "blob", "index")));

    /** Every kind, in a stable order (startup ensures indexes in this order). */
    public static final List<EntityKind<?>> ALL = List.of(
            ACTION,
            RUNNER_TYPE,
            TRIGGER_TYPE,
            TRIGGER,
            TRIGGER_INSTANCE,
            RULE,
            RULE_ENFORCEMENT,
            EXECUTION,
            WORKFLOW_EXECUTION,
            EXECUTION_OUTPUT,
            KEY_VALUE_PAIR,
            PACK,
            SENSOR_TYPE,
            POLICY,
            POLICY_TYPE,
            ACTION_ALIAS,
            INQUIRY,
            TOKEN,
            API_KEY,
            CONFIG_SCHEMA,
            PACK_CONFIG,
            CONTENT_BLOB,
            CONTENT_CHUNK,
            CONTENT_STAMP,
            TRACE);

    private Kinds() {}
}
