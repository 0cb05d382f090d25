package io.reflex.actionrunner;

import io.reflex.actionrunner.runners.Runner;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The runner types this action runner can run, by name. Immutable. */
final class RunnerRegistry {
    private final Map<String, Runner> runners;

    RunnerRegistry(List<Runner> runners) {
        this.runners = runners.stream().collect(Collectors.toUnmodifiableMap(Runner::name, Function.identity()));
    }

    Optional<Runner> find(String name) {
        return Optional.ofNullable(runners.get(name));
    }

    java.util.Set<String> names() {
        return runners.keySet();
    }
}
