package io.reflex.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalTest {
    private static final String DESCRIPTION =
            "Runs a command on this host and captures its standard output, error and exit code for later";

    @Test
    void pipedOutputNeverWrapsATableRow() {
        Terminal piped = Terminal.of(false, Map.of(), 80);
        String t =
                Table.render(List.of("ref", "description"), List.of(List.of("core.local", DESCRIPTION)), piped.width());
        assertThat(t.lines().filter(l -> l.contains("core.local")))
                .singleElement()
                .asString()
                .contains(DESCRIPTION);
        assertThat(t.lines().count()).isEqualTo(5); // rule, header, rule, one row, rule
    }

    @Test
    void aTerminalWrapsAtItsWidthAndColumnsOverridesBoth() {
        assertThat(Terminal.of(true, Map.of(), 100).width()).isEqualTo(100);
        assertThat(Terminal.of(false, Map.of("COLUMNS", "60"), 100).width()).isEqualTo(60);
        String t = Table.render(
                List.of("ref", "description"),
                List.of(List.of("core.local", DESCRIPTION)),
                Terminal.of(true, Map.of(), 60).width());
        assertThat(t.lines().count()).isGreaterThan(5);
    }
}
