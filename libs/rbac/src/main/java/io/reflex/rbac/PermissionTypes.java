package io.reflex.rbac;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * StackStorm's permission-type catalogue ({@code st2common/rbac/types.py}): every permission type by resource
 * type, with its description, and which types are global (granted without a resource uid). Served by
 * {@code GET /rbac/permission_types} and used to validate role definitions and word 403 messages.
 */
public final class PermissionTypes {
    private static final Map<String, Map<String, String>> BY_RESOURCE = new LinkedHashMap<>();
    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();
    private static final Set<String> GLOBAL = new LinkedHashSet<>();

    static {
        runnerTypes();
        packs();
        content();
        executionsAndRules();
        others();
        // a valid (global) type that StackStorm lists under no resource type
        DESCRIPTIONS.put("stream_view", "Ability to view / listen to the events on the stream API endpoint.");
        for (String p : List.of(
                "pack_install",
                "pack_uninstall",
                "pack_create",
                "pack_register",
                "pack_config",
                "pack_search",
                "pack_views_index_health",
                "action_alias_match",
                "action_alias_help",
                "api_key_create",
                "policy_create",
                "execution_views_filters_list",
                "stream_view",
                "inquiry_list",
                "inquiry_respond",
                "inquiry_view")) {
            GLOBAL.add(p);
        }
        DESCRIPTIONS.keySet().stream().filter(p -> p.endsWith("_list")).forEach(GLOBAL::add);
    }

    private PermissionTypes() {}

    /** Resource type → (permission type → description), in StackStorm's order. */
    public static Map<String, Map<String, String>> byResourceType() {
        return Collections.unmodifiableMap(BY_RESOURCE);
    }

    /** The permission types valid on a resource of {@code resourceType} (empty when the type is unknown). */
    public static Optional<Map<String, String>> forResourceType(String resourceType) {
        return Optional.ofNullable(BY_RESOURCE.get(resourceType)).map(Collections::unmodifiableMap);
    }

    public static boolean exists(String permission) {
        return DESCRIPTIONS.containsKey(permission);
    }

    /** Global permission types apply to no particular resource (every {@code *_list}, {@code pack_install}, …). */
    public static boolean isGlobal(String permission) {
        return GLOBAL.contains(permission);
    }

    public static Set<String> global() {
        return Collections.unmodifiableSet(GLOBAL);
    }

    /** {@code action_view} → {@code action}; {@code pack_views_index_health} → {@code pack}. */
    public static String resourceTypeOf(String permission) {
        if (permission.equals("pack_views_index_health")) {
            return "pack";
        }
        if (permission.equals("execution_views_filters_list")) {
            return "execution";
        }
        int cut = permission.lastIndexOf('_');
        return cut < 0 ? permission : permission.substring(0, cut);
    }

    /** {@code action_view} → {@code view}; {@code pack_views_index_health} → {@code views_index_health}. */
    public static String nameOf(String permission) {
        if (permission.equals("pack_views_index_health")) {
            return "views_index_health";
        }
        int cut = permission.lastIndexOf('_');
        return cut < 0 ? permission : permission.substring(cut + 1);
    }

    private static void add(String resourceType, String permission, String description) {
        BY_RESOURCE.computeIfAbsent(resourceType, t -> new LinkedHashMap<>()).put(permission, description);
        DESCRIPTIONS.putIfAbsent(permission, description);
    }

    private static void runnerTypes() {
        add("runner_type", "runner_type_list", "Ability to list (view all) runners.");
        add("runner_type", "runner_type_view", "Ability to view a runner.");
        add(
                "runner_type",
                "runner_type_modify",
                "Ability to modify (update) an existing runner. Also implies \"runner_type_view\" permission.");
        add(
                "runner_type",
                "runner_type_all",
                "Ability to perform all the supported operations on a particular runner.");
    }

    private static void packs() {
        add("pack", "pack_list", "Ability to list (view all) packs.");
        add("pack", "pack_view", "Ability to view a pack.");
        add("pack", "pack_create", "Ability to create a new pack.");
        add("pack", "pack_modify", "Ability to modify (update) an existing pack.");
        add("pack", "pack_delete", "Ability to delete an existing pack.");
        add("pack", "pack_install", "Ability to install packs.");
        add("pack", "pack_uninstall", "Ability to uninstall packs.");
        add("pack", "pack_register", "Ability to register packs and corresponding resources.");
        add("pack", "pack_config", "Ability to configure a pack.");
        add("pack", "pack_search", "Ability to query registry and search packs.");
        add("pack", "pack_views_index_health", "Ability to query health of pack registries.");
        add("pack", "pack_all", "Ability to perform all the supported operations on a particular pack.");
    }

    /** Sensor types, actions, aliases and rules; a pack grant may carry their non-list types. */
    private static void content() {
        add("sensor_type", "sensor_type_list", "Ability to list (view all) sensors.");
        add("sensor_type", "sensor_type_view", "Ability to view a sensor");
        add(
                "sensor_type",
                "sensor_type_modify",
                "Ability to modify (update) an existing sensor. Also implies \"sensor_type_view\" permission.");
        add(
                "sensor_type",
                "sensor_type_all",
                "Ability to perform all the supported operations on a particular sensor.");
        add("action", "action_list", "Ability to list (view all) actions.");
        add("action", "action_view", "Ability to view an action.");
        add("action", "action_create", "Ability to create a new action. Also implies \"action_view\" permission.");
        add(
                "action",
                "action_modify",
                "Ability to modify (update) an existing action. Also implies \"action_view\" permission.");
        add(
                "action",
                "action_delete",
                "Ability to delete an existing action. Also implies \"action_view\" permission.");
        add("action", "action_execute", "Ability to execute (run) an action. Also implies \"action_view\" permission.");
        add("action", "action_all", "Ability to perform all the supported operations on a particular action.");
        add("action_alias", "action_alias_list", "Ability to list (view all) action aliases.");
        add("action_alias", "action_alias_view", "Ability to view an action alias.");
        add(
                "action_alias",
                "action_alias_create",
                "Ability to create a new action alias. Also implies \"action_alias_view\" permission.");
        add(
                "action_alias",
                "action_alias_modify",
                "Ability to modify (update) an existing action alias. Also implies \"action_alias_view\" permission.");
        add("action_alias", "action_alias_match", "Ability to use action alias match API endpoint.");
        add("action_alias", "action_alias_help", "Ability to use action alias help API endpoint.");
        add(
                "action_alias",
                "action_alias_delete",
                "Ability to delete an existing action alias. Also implies \"action_alias_view\" permission.");
        add(
                "action_alias",
                "action_alias_all",
                "Ability to perform all the supported operations on a particular action alias.");
        add("rule", "rule_list", "Ability to list (view all) rules.");
        add("rule", "rule_view", "Ability to view a rule.");
        add("rule", "rule_create", "Ability to create a new rule. Also implies \"rule_view\" permission");
        add(
                "rule",
                "rule_modify",
                "Ability to modify (update) an existing rule. Also implies \"rule_view\" permission.");
        add("rule", "rule_delete", "Ability to delete an existing rule. Also implies \"rule_view\" permission.");
        add("rule", "rule_all", "Ability to perform all the supported operations on a particular rule.");
        // a pack grant may carry every non-list type of the content in it
        for (String type : List.of("sensor_type", "action", "action_alias", "rule")) {
            BY_RESOURCE.get(type).forEach((p, d) -> {
                if (!p.endsWith("_list") && !p.equals("action_alias_match") && !p.equals("action_alias_help")) {
                    add("pack", p, d);
                }
            });
        }
    }

    private static void executionsAndRules() {
        add("rule_enforcement", "rule_enforcement_list", "Ability to list (view all) rule enforcements.");
        add("rule_enforcement", "rule_enforcement_view", "Ability to view a rule enforcement.");
        add("execution", "execution_list", "Ability to list (view all) executions.");
        add("execution", "execution_view", "Ability to view an execution.");
        add("execution", "execution_rerun", "Ability to create a new action.");
        add("execution", "execution_stop", "Ability to stop (cancel) a running execution.");
        add("execution", "execution_all", "Ability to perform all the supported operations on a particular execution.");
        add("execution", "execution_views_filters_list", "Ability view all the distinct execution filters.");
        add("key_value_pair", "key_value_pair_list", "Ability to list (view all) Key-Value Pairs.");
        add("key_value_pair", "key_value_pair_view", "Ability to view Key-Value Pairs.");
        add("key_value_pair", "key_value_pair_set", "Ability to set a Key-Value Pair.");
        add("key_value_pair", "key_value_pair_delete", "Ability to delete an existing Key-Value Pair.");
        add(
                "key_value_pair",
                "key_value_pair_all",
                "Ability to perform all the supported operations on a Key-Value Pair.");
    }

    private static void others() {
        add("webhook", "webhook_list", "Ability to list (view all) webhooks.");
        add("webhook", "webhook_view", "Ability to view a webhook.");
        add("webhook", "webhook_create", "Ability to create a new webhook.");
        add("webhook", "webhook_send", "Ability to send / POST data to an existing webhook.");
        add("webhook", "webhook_delete", "Ability to delete an existing webhook.");
        add("webhook", "webhook_all", "Ability to perform all the supported operations on a particular webhook.");
        add("timer", "timer_list", "Ability to list (view all) timers.");
        add("timer", "timer_view", "Ability to view a timer.");
        add("timer", "timer_all", "Ability to perform all the supported operations on timers");
        add("api_key", "api_key_list", "Ability to list (view all) API keys.");
        add("api_key", "api_key_view", "Ability to view an API Key.");
        add("api_key", "api_key_create", "Ability to create a new API Key.");
        add(
                "api_key",
                "api_key_modify",
                "Ability to modify (update) an existing API key. Also implies \"api_key_view\" permission.");
        add("api_key", "api_key_delete", "Ability to delete an existing API Keys.");
        add("api_key", "api_key_all", "Ability to perform all the supported operations on an API Key.");
        add("trace", "trace_list", "Ability to list (view all) traces.");
        add("trace", "trace_view", "Ability to view a trace.");
        add("trace", "trace_all", "Ability to perform all the supported operations on traces.");
        add("trigger", "trigger_list", "Ability to list (view all) triggers.");
        add("trigger", "trigger_view", "Ability to view a trigger.");
        add("trigger", "trigger_all", "Ability to perform all the supported operations on triggers.");
        add("policy_type", "policy_type_list", "Ability to list (view all) policy types.");
        add("policy_type", "policy_type_view", "Ability to view a policy types.");
        add("policy_type", "policy_type_all", "Ability to perform all the supported operations on policy types.");
        add("policy", "policy_list", "Ability to list (view all) policies.");
        add("policy", "policy_view", "Ability to view a policy.");
        add("policy", "policy_create", "Ability to create a new policy.");
        add("policy", "policy_modify", "Ability to modify an existing policy.");
        add("policy", "policy_delete", "Ability to delete an existing policy.");
        add("policy", "policy_all", "Ability to perform all the supported operations on a particular policy.");
        add("inquiry", "inquiry_list", "Ability to list existing Inquiries");
        add(
                "inquiry",
                "inquiry_view",
                "Ability to view an existing Inquiry. Also implies \"inquiry_respond\" permission.");
        add(
                "inquiry",
                "inquiry_respond",
                "Ability to respond to an existing Inquiry (in general - user still needs access per specific"
                        + " inquiry parameters). Also implies \"inquiry_view\" permission.");
        add("inquiry", "inquiry_all", "Ability to perform all supported operations on a particular Inquiry.");
    }
}
