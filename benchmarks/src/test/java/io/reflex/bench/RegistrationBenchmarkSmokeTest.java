package io.reflex.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The short CI version of the registration benchmark: it runs end to end and writes its report. */
class RegistrationBenchmarkSmokeTest {
    @TempDir
    Path dir;

    @Test
    void runsAndWritesAReport() throws Exception {
        Path report = dir.resolve("registration.md");
        RegistrationBenchmark.run(3, List.of("memory", "embedded"), report);
        String text = Files.readString(report);
        assertThat(text)
                .contains("# Pack registration")
                .contains("| memory | 3 | 51 |")
                .contains("| embedded | 3 | 51 |");
    }
}
