package io.reflex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.cli.client.ExitCodes;
import io.reflex.core.execution.Execution;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.json.Json;
import io.reflex.core.model.ExecutionOutput;
import io.reflex.core.model.RunnerType;
import io.reflex.core.model.Token;
import io.reflex.core.store.Entity;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.Query;
import io.reflex.core.store.StateStore;
import io.reflex.runtime.backend.StoreAccess;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.testing.contract.StateStoreSamples;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `reflex purge` on the embedded store of a data directory. */
class PurgeCommandTest {
    private static final Instant NOW = Instant.now();
    private static final Instant OLD = NOW.minus(Duration.ofDays(40));
    private static final Instant RECENT = NOW.minus(Duration.ofDays(2));

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    private Run reflex(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", dir.toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Reflex.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private StateStore store() {
        return StoreAccess.open(ConfigLoader.load(null, Map.of(), Map.of("data_dir", dir.toString())));
    }

    private static Execution execution(String id, ExecutionStatus status, Instant at) {
        Execution e = Execution.request(
                        id,
                        ExecutionStatus.REQUESTED,
                        at,
                        StateStoreSamples.actionSnapshot("core.local"),
                        RunnerType.named("local-shell-cmd"),
                        Json.object())
                .transitionTo(ExecutionStatus.SCHEDULED, at)
                .transitionTo(ExecutionStatus.RUNNING, at);
        return status == ExecutionStatus.RUNNING ? e : e.transitionTo(status, at);
    }

    private void seed() {
        try (StateStore store = store()) {
            store.executions().insert(execution("old-1", ExecutionStatus.SUCCEEDED, OLD));
            store.executions().insert(execution("old-2", ExecutionStatus.FAILED, OLD));
            store.executions().insert(execution("old-3", ExecutionStatus.CANCELED, OLD));
            store.executions().insert(execution("old-abandoned", ExecutionStatus.ABANDONED, OLD));
            store.executions().insert(execution("old-running", ExecutionStatus.RUNNING, OLD));
            store.executions().insert(execution("recent", ExecutionStatus.SUCCEEDED, RECENT));
            for (String id : List.of("old-1", "old-2", "recent")) {
                store.store(Kinds.EXECUTION_OUTPUT)
                        .insert(new ExecutionOutput("out-" + id, id, "core.local", "", OLD, "stdout", "x", null));
            }
            store.store(Kinds.TOKEN).insert(new Token("t-old", "u", "a".repeat(32), NOW.minusSeconds(60), null, false));
            store.store(Kinds.TOKEN).insert(new Token("t-new", "u", "b".repeat(32), NOW.plusSeconds(600), null, false));
        }
    }

    private List<String> executions() {
        try (StateStore store = store()) {
            return ids(store.executions().find(Query.all()));
        }
    }

    private static List<String> ids(List<? extends Entity> records) {
        return records.stream().map(Entity::id).toList();
    }

    @Test
    void aDryRunCountsThenThePurgeDeletesCompletedExecutionsWithTheirOutputOnly() {
        seed();

        Run dry = reflex("purge", "executions", "--older-than", "30d", "--dry-run");
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out())
                .startsWith("dry run: 3 executions (2 output records) older than ")
                .contains("would be deleted");
        assertThat(executions()).hasSize(6);

        Run purge = reflex("purge", "executions", "--older-than", "30", "--batch-size", "2");
        assertThat(purge.code()).as(purge.err()).isZero();
        assertThat(purge.out()).startsWith("deleted 3 executions (2 output records) older than ");
        assertThat(executions()).containsExactlyInAnyOrder("old-abandoned", "old-running", "recent");
        try (StateStore store = store()) {
            assertThat(ids(store.store(Kinds.EXECUTION_OUTPUT).find(Query.all())))
                    .containsExactly("out-recent");
        }

        Run incomplete = reflex("purge", "executions", "--older-than", "30d", "--purge-incomplete");
        assertThat(incomplete.out()).startsWith("deleted 2 executions");
        assertThat(executions()).containsExactly("recent");
    }

    @Test
    void expiredTokensGoRightAfterExpiryWithAnAgeOfZero() {
        seed();

        Run r = reflex("purge", "tokens", "--older-than", "0");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("deleted 1 tokens older than ");
        try (StateStore store = store()) {
            assertThat(ids(store.store(Kinds.TOKEN).find(Query.all()))).containsExactly("t-new");
        }
    }

    @Test
    void badKindsAgesAndOptionCombinationsAreUsageErrors() {
        Run kind = reflex("purge", "traces", "--older-than", "30d");
        Run age = reflex("purge", "executions", "--older-than", "a month");
        Run combo = reflex("purge", "tokens", "--older-than", "1d", "--purge-incomplete");
        Run missing = reflex("purge", "executions");

        assertThat(List.of(kind.code(), age.code(), combo.code(), missing.code()))
                .containsOnly(ExitCodes.USAGE);
        assertThat(kind.err())
                .contains("reflex: unknown kind 'traces'; kinds: executions, output, trigger-instances, tokens,");
        assertThat(age.err()).contains("reflex: 'a month' is not a period");
        assertThat(combo.err()).contains("reflex: --purge-incomplete applies to executions only");
        assertThat(missing.err()).contains("--older-than");
    }
}
