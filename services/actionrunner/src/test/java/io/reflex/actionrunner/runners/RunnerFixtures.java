package io.reflex.actionrunner.runners;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.actionrunner.runners.Runner.RunContext;
import io.reflex.content.PythonResources;
import io.reflex.core.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Builds run contexts for runner tests. */
final class RunnerFixtures {
    /** The wrapper with the shared st2common package, unpacked as the action runner does on start. */
    static final Path WRAPPER =
            PythonResources.unpack(Path.of("target/test-python").toAbsolutePath(), PythonRunner.class);

    final List<String> lines = new CopyOnWriteArrayList<>();

    RunContext context(
            Path packDir, String entryPoint, ObjectNode runnerParams, ObjectNode actionParams, ObjectNode schema) {
        return new RunContext(
                "e1",
                "p.a",
                "a",
                "p",
                entryPoint,
                runnerParams,
                actionParams,
                schema,
                packDir,
                Map.of("ST2_ACTION_EXECUTION_ID", "e1"),
                Json.object().put("region", "eu"),
                "stanley",
                (stream, line) -> lines.add(stream + ":" + line),
                () -> false,
                Json.object().put("user", "stanley"),
                Supervision.NONE);
    }
}
