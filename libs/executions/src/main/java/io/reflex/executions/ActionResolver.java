package io.reflex.executions;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.execution.ResolvedAction;
import io.reflex.core.model.Action;
import io.reflex.core.model.Pack;
import io.reflex.core.model.RunnerType;
import io.reflex.core.store.ContentQueries;
import io.reflex.core.store.Filter;
import io.reflex.core.store.Kinds;
import io.reflex.core.store.StateStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place an action is resolved for running: the action by ref, its runner type by name, its pack's
 * content hash, and its parameter schema merged over the runner's. Everyone who requests an execution asks
 * here; everyone who runs one reads the result back from the execution ({@code Execution#resolved}).
 * Reads the store on every call (no cache): a disabled action or runner is seen at once. The rules engine
 * keeps what it resolves with the rules that run it, under the content stamp those writes renew.
 */
public final class ActionResolver {
    private final StateStore store;

    public ActionResolver(StateStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** @throws ExecutionLauncher.Refused {@code Action "x" cannot be found.} */
    public Action action(String ref) {
        return find(ref).orElseThrow(() -> new ExecutionLauncher.Refused("Action \"" + ref + "\" cannot be found."));
    }

    /** The action {@code ref} as stored; empty when none is registered. */
    public Optional<Action> find(String ref) {
        return store.store(Kinds.ACTION).findOne(ContentQueries.byRef(ref));
    }

    /** @throws ExecutionLauncher.Refused when the action cannot be found */
    public ResolvedAction resolve(String ref) {
        return resolve(action(ref));
    }

    /**
     * {@code action} with its runner type, pack version and merged schema. A runner type that cannot be found
     * is known by its name only ({@link RunnerType#named}, empty id, no parameters): launching refuses it,
     * recording a failure keeps its name.
     */
    public ResolvedAction resolve(Action action) {
        return ResolvedAction.of(action, runner(action), packVersion(action));
    }

    /**
     * The parameter schemas of action {@code ref} by name, merged over its runner's, as a workflow's inspection
     * checks task inputs against them; empty when no such action is registered.
     */
    public Optional<Map<String, JsonNode>> parameters(String ref) {
        return find(ref).map(a -> {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            // the pack's version is not needed here, so not read
            ResolvedAction.of(a, runner(a), "")
                    .parameterSchema()
                    .properties()
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        });
    }

    private RunnerType runner(Action action) {
        return store.store(Kinds.RUNNER_TYPE)
                .findOne(Filter.eq("name", action.runnerType()))
                .orElseGet(() -> RunnerType.named(action.runnerType()));
    }

    private String packVersion(Action action) {
        return store.store(Kinds.PACK)
                .findOne(ContentQueries.byRef(action.pack()))
                .map(Pack::contentHash)
                .orElse("");
    }
}
