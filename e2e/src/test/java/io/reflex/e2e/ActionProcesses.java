package io.reflex.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The live OS processes an action runner started for an execution, found by the environment it gave them. */
final class ActionProcesses {
    private ActionProcesses() {}

    /** Live processes started for execution {@code id}: their environment names it. */
    static List<ProcessHandle> of(String id) {
        String marker = "ST2_ACTION_EXECUTION_ID=" + id;
        try (Stream<Path> all = Files.list(Path.of("/proc"))) {
            return all.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> environment(p).contains(marker))
                    .map(p -> ProcessHandle.of(Long.parseLong(p.getFileName().toString())))
                    .flatMap(Optional::stream)
                    .filter(ProcessHandle::isAlive)
                    .toList();
        } catch (IOException e) {
            throw new AssertionError("cannot read the process table: " + e, e);
        }
    }

    private static List<String> environment(Path proc) {
        try {
            String raw = new String(Files.readAllBytes(proc.resolve("environ")), StandardCharsets.UTF_8);
            return Arrays.asList(raw.split("\0"));
        } catch (IOException e) {
            return List.of(); // gone, or another user's
        }
    }
}
