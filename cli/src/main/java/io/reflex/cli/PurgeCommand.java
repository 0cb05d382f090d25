package io.reflex.cli;

import io.reflex.core.json.Timestamps;
import io.reflex.core.store.StateStore;
import io.reflex.executions.retention.PurgeKind;
import io.reflex.executions.retention.PurgeResult;
import io.reflex.executions.retention.Purger;
import io.reflex.executions.retention.RetentionPeriod;
import io.reflex.runtime.backend.StoreAccess;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.service.ServiceArgs;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code reflex purge}: the gc service's retention by hand (StackStorm's {@code st2-purge-*} tools), with the
 * same code: batches of {@code gc.batch_size}, the same rules per kind, and a dry run that only counts. It
 * works on the configured store directly (the running Reflex's embedded store when one is up).
 */
@Command(
        name = "purge",
        mixinStandardHelpOptions = true,
        description = {
            "Delete old records from the state store in batches, as the gc service does.",
            "Kinds: executions (completed ones, with their output; abandoned and unfinished ones only with",
            "--purge-incomplete), output, trigger-instances, rule-enforcements, tokens and keys (both counted",
            "from their expiry)."
        },
        footer = {
            "",
            "Examples:",
            "  reflex purge executions --older-than 30d --dry-run",
            "  reflex purge executions --older-than 90d --purge-incomplete",
            "  reflex purge output --older-than 7d --action-ref core.local",
            "  reflex purge tokens --older-than 0"
        })
final class PurgeCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Parameters(
            paramLabel = "KIND",
            description = "executions, output, trigger-instances, rule-enforcements, tokens or keys")
    String kind;

    @Option(
            names = "--older-than",
            required = true,
            paramLabel = "AGE",
            description = "delete what is older than this: days (30) or 30d, 12h, 90m; for tokens and keys, the"
                    + " time since they expired (0: every expired one)")
    String olderThan;

    @Option(names = "--dry-run", description = "count what would be deleted; delete nothing")
    boolean dryRun;

    @Option(
            names = "--purge-incomplete",
            description = "executions: also those not completed, and abandoned ones, started before the cut-off")
    boolean purgeIncomplete;

    @Option(names = "--action-ref", paramLabel = "REF", description = "executions and output: only this action's")
    String actionRef;

    @Option(names = "--batch-size", paramLabel = "N", description = "records per delete (default: gc.batch_size)")
    Integer batchSize;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PurgeKind purgeKind = parse(() -> PurgeKind.fromName(kind));
        Duration age = parse(() -> RetentionPeriod.parse(olderThan));
        check(!purgeIncomplete || purgeKind == PurgeKind.EXECUTIONS, "--purge-incomplete applies to executions only");
        check(
                actionRef == null || purgeKind == PurgeKind.EXECUTIONS || purgeKind == PurgeKind.OUTPUT,
                "--action-ref applies to executions and output only");
        check(batchSize == null || batchSize > 0, "--batch-size must be at least 1");
        Config config = config();
        int batch = batchSize != null ? batchSize : config.get(ConfigKeys.GC_BATCH_SIZE);
        Instant cutoff = Timestamps.now().minus(age);
        PurgeResult result;
        try (StateStore store = StoreAccess.open(config)) {
            Purger purger = new Purger(store, batch, (k, n) -> {});
            result =
                    purger.purge(purgeKind, cutoff, new Purger.Options(purgeIncomplete, actionRef, dryRun), () -> true);
        }
        print(spec.commandLine().getOut(), result);
        return 0;
    }

    static void print(PrintWriter out, PurgeResult r) {
        String what = r.records() + " " + r.kind().cliName();
        if (r.kind() == PurgeKind.EXECUTIONS) {
            what += " (" + r.outputRecords() + " output records)";
        }
        String cutoff = Timestamps.format(r.cutoff());
        if (r.dryRun()) {
            out.println("dry run: " + what + " older than " + cutoff + " would be deleted");
        } else {
            out.println("deleted " + what + " older than " + cutoff);
        }
        out.flush();
    }

    private Config config() {
        ServiceArgs args = options.toArgs();
        return ConfigLoader.load(args.configFile(), System.getenv(), args.flags());
    }

    private <T> T parse(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }
}
