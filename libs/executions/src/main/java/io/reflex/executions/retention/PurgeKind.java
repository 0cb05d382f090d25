package io.reflex.executions.retention;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What retention deletes, in the order a collection cycle handles them (StackStorm's order: executions,
 * their output, trigger instances, tokens, rule enforcements; then Reflex's expired datastore keys). The
 * name is what {@code reflex purge} takes and what the gc logs as {@code kind=}.
 */
public enum PurgeKind {
    /** Completed executions ended and started before the cut-off, with their output and inquiry records. */
    EXECUTIONS("executions"),
    /** Execution output records written before the cut-off. */
    OUTPUT("output"),
    /** Trigger instances that occurred before the cut-off. */
    TRIGGER_INSTANCES("trigger-instances"),
    /** Tokens that expired before the cut-off. */
    TOKENS("tokens"),
    /** Rule enforcements enforced before the cut-off. */
    RULE_ENFORCEMENTS("rule-enforcements"),
    /** Datastore keys that expired before the cut-off. */
    KEYS("keys");

    private final String cliName;

    PurgeKind(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /**
     * The kind named {@code name} ({@code trigger-instances}; {@code trigger_instances} is accepted too).
     *
     * @throws IllegalArgumentException listing the valid names
     */
    public static PurgeKind fromName(String name) {
        String wanted = name.strip().replace('_', '-');
        return Arrays.stream(values())
                .filter(k -> k.cliName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown kind '" + name + "'; kinds: " + names()));
    }

    public static String names() {
        return Arrays.stream(values()).map(PurgeKind::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
