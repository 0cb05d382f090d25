package io.reflex.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ArgsTest {

    @Test
    void givenValuesAndFlagsAreReadAndTheBenchmarkRuns() {
        Args a = new Args("workflow", new String[] {"--runs", "7", "--profile", "--report", "/tmp/r.md"});

        assertThat(a.intValue("--runs", 5)).isEqualTo(7);
        assertThat(a.intValue("--warmup", 3)).isEqualTo(3);
        assertThat(a.flag("--profile")).isTrue();
        assertThat(a.value("--report", "benchmarks/reports/workflow.md")).isEqualTo("/tmp/r.md");
        assertThat(a.ready()).isTrue();
    }

    @Test
    void anOptionTheBenchmarkDoesNotReadIsRefusedWithTheUsage() {
        Args a = new Args("workflow", new String[] {"--rnus", "7"});
        a.intValue("--runs", 5);

        assertThatThrownBy(a::ready)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option --rnus for bin/bench workflow")
                .hasMessageContaining("--runs <value>   default: 5");
    }

    @Test
    void helpPrintsTheOptionsWithTheirDefaultsAndDoesNotRun() {
        Args a = new Args("workflow", new String[] {"--runs", "7", "--help"});
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        boolean ready;
        try {
            assertThat(a.intValue("--runs", 5))
                    .as("defaults while only the usage is asked for")
                    .isEqualTo(5);
            a.flag("--profile");
            ready = a.ready();
        } finally {
            System.setOut(out);
        }

        assertThat(ready).isFalse();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .isEqualTo("usage: bin/bench workflow [options]\n  --runs <value>   default: 5\n  --profile\n");
    }
}
