package io.reflex.orquesta;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One task. Without an {@link #action} the task does nothing and succeeds (a routing point).
 * {@code action: pack.name a=1 b=<% ctx(x) %>} is read as the action ref plus {@link #input}.
 *
 * @param name the task's key under {@code tasks}
 * @param action the action ref (or an expression naming one)
 * @param input the action's parameters: a mapping, or one expression that yields one
 * @param next the transitions, in the order written
 * @param join {@code join: all} or {@code join: <count>}: wait for inbound transitions before running
 * @param with with-items: run the action once per item
 * @param retry retry the task while {@code when} holds, up to {@code count} times
 * @param delay seconds (or an expression) to wait before running the action
 */
public record TaskSpec(
        String name,
        Optional<String> action,
        Optional<JsonNode> input,
        List<Transition> next,
        Optional<Join> join,
        Optional<WithItems> with,
        Optional<RetrySpec> retry,
        Optional<JsonNode> delay) {
    public TaskSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(input, "input");
        next = List.copyOf(next);
        Objects.requireNonNull(join, "join");
        Objects.requireNonNull(with, "with");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(delay, "delay");
    }

    /** The task names and engine commands this task's transitions lead to, in order, with repeats. */
    public List<String> targets() {
        return next.stream().flatMap(t -> t.targets().stream()).toList();
    }
}
