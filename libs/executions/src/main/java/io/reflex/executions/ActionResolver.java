package io.reflex.executions;

import io.reflex.core.execution.ResolvedAction;
import io.reflex.core.execution.RunnerSnapshot;
import io.reflex.core.model.Action;
import io.reflex.core.model.Pack;
import io.reflex.core.model.RunnerType;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import java.util.Objects;

/**
 * The one place an action is resolved for running: the action by ref, its runner type by name, its pack's
 * content hash, and its parameter schema merged over the runner's. Everyone who requests an execution asks
 * here; everyone who runs one reads the result back from the execution ({@code Execution#resolved}).
 * Reads the store on every call (no cache): a disabled action or runner is seen at once.
 */
public final class ActionResolver {
    private final StateStore store;

    public ActionResolver(StateStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** @throws ExecutionLauncher.Refused {@code Action "x" cannot be found.} */
    public Action action(String ref) {
        return store.store(Kinds.ACTION)
                .findOne(Filter.eq("ref", ref))
                .orElseThrow(() -> new ExecutionLauncher.Refused("Action \"" + ref + "\" cannot be found."));
    }

    /** @throws ExecutionLauncher.Refused when the action or its runner type cannot be found */
    public ResolvedAction resolve(String ref) {
        return resolve(action(ref));
    }

    /** @throws ExecutionLauncher.Refused {@code Runner type "x" cannot be found.} */
    public ResolvedAction resolve(Action action) {
        RunnerType runner = store.store(Kinds.RUNNER_TYPE)
                .findOne(Filter.eq("name", action.runnerType()))
                .orElseThrow(() ->
                        new ExecutionLauncher.Refused("Runner type \"" + action.runnerType() + "\" cannot be found."));
        return ResolvedAction.of(action, runner, packVersion(action));
    }

    /** As {@link #resolve(Action)}, with a runner type that cannot be found known by its name only. */
    public ResolvedAction resolveAsFound(Action action) {
        RunnerType runner = store.store(Kinds.RUNNER_TYPE)
                .findOne(Filter.eq("name", action.runnerType()))
                .orElseGet(() -> RunnerSnapshot.named(action.runnerType()));
        return ResolvedAction.of(action, runner, packVersion(action));
    }

    private String packVersion(Action action) {
        return store.store(Kinds.PACK)
                .findOne(Filter.eq("ref", action.pack()))
                .map(Pack::contentHash)
                .orElse("");
    }
}
