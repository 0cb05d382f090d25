package io.reflex.orquesta;

import java.util.Arrays;
import java.util.Optional;

/**
 * The names a transition's {@code do} may use instead of a task: {@code noop} (end this branch),
 * {@code fail} (fail the workflow), {@code retry} (run the task again, up to 3 times), {@code continue}
 * (go on as if no transition matched). No task may take these names.
 */
public enum EngineCommand {
    CONTINUE("continue"),
    FAIL("fail"),
    NOOP("noop"),
    RETRY("retry");

    private final String word;

    EngineCommand(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static Optional<EngineCommand> of(String name) {
        return Arrays.stream(values()).filter(c -> c.word.equals(name)).findFirst();
    }

    public static boolean reserved(String name) {
        return of(name).isPresent();
    }
}
