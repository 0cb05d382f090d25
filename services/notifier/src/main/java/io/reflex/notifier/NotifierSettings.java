package io.reflex.notifier;

import io.reflex.core.execution.ExecutionStatus;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigException;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.templates.TemplateSettings;
import io.reflex.templates.TemplateLimits;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The notifier's settings.
 *
 * @param emitWhen completed statuses that fire the action trigger (empty: none)
 * @param concurrency completions handled at once
 * @param reapInterval pause between the leader's reaper sweeps
 * @param requeueAfter how long an execution may stay {@code requested} (or {@code delayed} past its delay)
 *     before its request is published again
 * @param outboxInterval pause between the leader's outbox sweeps
 * @param outboxAfter how old a pending announcement must be before the outbox sweep publishes it
 * @param templateLimits what rendering the notify data of one execution may cost
 */
record NotifierSettings(
        Set<ExecutionStatus> emitWhen,
        int concurrency,
        Duration reapInterval,
        Duration requeueAfter,
        Duration outboxInterval,
        Duration outboxAfter,
        TemplateLimits templateLimits) {
    /** Executions each part of a reaper sweep handles at most. */
    static final int REAP_BATCH = 500;

    public NotifierSettings {
        emitWhen = Set.copyOf(emitWhen);
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1");
        }
        Objects.requireNonNull(reapInterval, "reapInterval");
        Objects.requireNonNull(requeueAfter, "requeueAfter");
        Objects.requireNonNull(outboxInterval, "outboxInterval");
        Objects.requireNonNull(outboxAfter, "outboxAfter");
        Objects.requireNonNull(templateLimits, "templateLimits");
    }

    /** @throws ConfigException when {@code notifier.emit_when} names a status that is not a completed one */
    static NotifierSettings from(Config config) {
        return new NotifierSettings(
                emitWhen(config.get(ConfigKeys.NOTIFIER_EMIT_WHEN)),
                config.get(ConfigKeys.NOTIFIER_CONCURRENCY),
                config.get(ConfigKeys.NOTIFIER_REAP_INTERVAL),
                config.get(ConfigKeys.NOTIFIER_REQUEUE_AFTER),
                config.get(ConfigKeys.NOTIFIER_OUTBOX_INTERVAL),
                config.get(ConfigKeys.NOTIFIER_OUTBOX_AFTER),
                TemplateSettings.limits(config));
    }

    /** Parses a comma-separated list of completed statuses; blank means none. */
    static Set<ExecutionStatus> emitWhen(String text) {
        Set<ExecutionStatus> out = EnumSet.noneOf(ExecutionStatus.class);
        for (String name : text.split(",")) {
            String status = name.strip();
            if (status.isEmpty()) {
                continue;
            }
            ExecutionStatus parsed = Arrays.stream(ExecutionStatus.values())
                    .filter(s -> s.wire().equals(status) && s.completed())
                    .findFirst()
                    .orElseThrow(() -> new ConfigException("config key '" + ConfigKeys.NOTIFIER_EMIT_WHEN.name()
                            + "': '" + status + "' is not a completed status; completed statuses: "
                            + String.join(",", completedNames())));
            out.add(parsed);
        }
        return out;
    }

    private static String[] completedNames() {
        return ExecutionStatus.COMPLETED.stream()
                .sorted()
                .map(ExecutionStatus::wire)
                .toArray(String[]::new);
    }
}
