package io.reflex.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The short CI version of the workflow benchmark: both workflows run end to end and the report is written. */
class WorkflowBenchmarkSmokeTest {
    @TempDir
    Path dir;

    @Test
    void runsBothWorkflowsAndWritesAReport() throws Exception {
        Path report = dir.resolve("workflow.md");
        WorkflowBenchmark.run(1, report);
        String text = Files.readString(report);
        assertThat(text)
                .contains("# Orquesta workflows of noop tasks")
                .contains("| bench_wf.sequence | 40 | 1 |")
                .contains("| bench_wf.items | 200 | 1 |");
    }

    @Test
    void theConductorAloneRunsTheGeneratedWorkflows() {
        assertThat(WorkflowBenchmark.engineCpuMs(WorkflowBenchmark.sequence(5), 1))
                .isPositive();
        assertThat(WorkflowBenchmark.engineCpuMs(WorkflowBenchmark.withItems(10, 3), 1))
                .isPositive();
    }
}
