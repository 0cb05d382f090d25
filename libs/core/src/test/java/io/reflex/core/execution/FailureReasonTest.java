package io.reflex.core.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class FailureReasonTest {
    @Test
    void theMessageIsTheReason() {
        assertThat(FailureReason.of(new IllegalStateException("cwd '/x' does not exist")))
                .isEqualTo("cwd '/x' does not exist");
    }

    @Test
    void aCauseSpeaksWhenTheExceptionHasNothingToSay() {
        assertThat(FailureReason.of(new RuntimeException(null, new ConnectException())))
                .isEqualTo("connection refused");
        assertThat(FailureReason.of(new UncheckedIOException(null, new NoSuchFileException("/p/a.sh"))))
                .isEqualTo("no such file or directory: /p/a.sh");
    }

    @Test
    void classNamesAndLineBreaksNeverReachTheReason() {
        String reason = FailureReason.of(new IOException(
                "java.io.IOException: Cannot run program \"x\"\n\tat java.base/java.lang.ProcessBuilder.start"));

        assertThat(reason)
                .doesNotContain("\n")
                .doesNotContain("java.io.IOException")
                .startsWith("Cannot run program");
    }

    @Test
    void anExceptionWithoutAnyMessageIsAnInternalError() {
        assertThat(FailureReason.of(new NullPointerException())).isEqualTo("internal error");
    }

    @Test
    void aLongReasonIsCut() {
        assertThat(FailureReason.oneLine("x".repeat(5000))).hasSize(FailureReason.MAX_CHARS + 3);
    }
}
