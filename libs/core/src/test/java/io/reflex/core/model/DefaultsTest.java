package io.reflex.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DefaultsTest {
    /** What a ref part and a name have always been held to, as regular expressions. */
    static final Pattern REF_PART = Pattern.compile("^[^.\\s]+$");

    static final Pattern NAME = Pattern.compile("^[^\\s]+$");

    @Test
    void everyCharacterIsJudgedAsTheRegularExpressionsJudgeIt() {
        for (char c = 0; c < 0x3000; c++) {
            String value = "a" + c + "b";
            assertThat(accepted(() -> Defaults.refPart("pack", value)))
                    .as("ref part with U+%04X", (int) c)
                    .isEqualTo(REF_PART.matcher(value).matches());
            assertThat(accepted(() -> Defaults.name("name", value)))
                    .as("name with U+%04X", (int) c)
                    .isEqualTo(NAME.matcher(value).matches());
        }
    }

    @Test
    void emptyAndNullAreRefusedNamingTheField() {
        assertThatThrownBy(() -> Defaults.refPart("pack", ""))
                .hasMessage("pack '' must be non-empty without '.' or spaces");
        assertThatThrownBy(() -> Defaults.name("name", "")).hasMessage("name '' must be non-empty without white space");
        assertThatThrownBy(() -> Defaults.refPart("pack", null)).hasMessage("pack");
        assertThat(Defaults.refPart("pack", "core")).isEqualTo("core");
        assertThat(Defaults.name("name", "a.b")).isEqualTo("a.b");
    }

    private static boolean accepted(Runnable check) {
        try {
            check.run();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
