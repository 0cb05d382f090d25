package io.reflex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.core.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ExecutionProgressTest {
    final StringWriter out = new StringWriter();

    @Test
    void onATerminalTheSpinnerLineShowsStatusAndLastOutputLineAndIsClearedAtTheEnd() {
        ExecutionProgress p = new ExecutionProgress(new PrintWriter(out), true, false, "core.local", 40);
        p.status(Json.object().put("status", "running"));
        p.output("first\nsecond line of a rather long output\n");
        p.tick();
        p.tick();
        p.done();

        assertThat(out.toString())
                .containsPattern("^\r\033\\[K\\| core\\.local running \\d+s \\| second line[^\r]*\r")
                .containsPattern("\r\033\\[K/ core\\.local running \\d+s")
                .endsWith("\r\033[K");
        assertThat(out.toString().split("\r\033\\[K"))
                .allSatisfy(line -> assertThat(line.length()).isLessThan(40));
    }

    @Test
    void withoutATerminalNothingIsPrintedUnlessTailing() {
        ExecutionProgress quiet = new ExecutionProgress(new PrintWriter(out), false, false, "core.local", 80);
        quiet.output("hidden\n");
        quiet.tick();
        quiet.done();
        assertThat(out.toString()).isEmpty();

        ExecutionProgress tail = new ExecutionProgress(new PrintWriter(out), false, true, "core.local", 80);
        tail.output("shown\n");
        tail.tick();
        assertThat(out.toString()).isEqualTo("shown\n");
    }
}
