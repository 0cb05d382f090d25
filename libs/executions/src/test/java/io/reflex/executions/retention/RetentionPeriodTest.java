package io.reflex.executions.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetentionPeriodTest {
    @Test
    void aBareNumberIsDaysAsInStackStormsTtls() {
        assertThat(RetentionPeriod.parse("30")).isEqualTo(Duration.ofDays(30));
        assertThat(RetentionPeriod.parse(" 7 ")).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void unitsFromSecondsToWeeksAreAccepted() {
        assertThat(RetentionPeriod.parse("45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(RetentionPeriod.parse("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(RetentionPeriod.parse("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(RetentionPeriod.parse("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(RetentionPeriod.parse("2w")).isEqualTo(Duration.ofDays(14));
        assertThat(RetentionPeriod.parse("0")).isZero();
        assertThat(RetentionPeriod.parse("0d")).isZero();
    }

    @Test
    void anythingElseIsRefusedWithTheAcceptedForms() {
        for (String bad : new String[] {"", "-1", "1.5d", "30 days", "d", "1y"}) {
            assertThatThrownBy(() -> RetentionPeriod.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("30d, 12h");
        }
    }

    @Test
    void formatPrintsTheLargestExactUnit() {
        assertThat(RetentionPeriod.format(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(RetentionPeriod.format(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(RetentionPeriod.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(RetentionPeriod.format(Duration.ofSeconds(61))).isEqualTo("61s");
        assertThat(RetentionPeriod.format(Duration.ZERO)).isEqualTo("0");
    }

    @Test
    void kindsAreNamedAsTheCliTakesThem() {
        assertThat(PurgeKind.fromName("trigger-instances")).isEqualTo(PurgeKind.TRIGGER_INSTANCES);
        assertThat(PurgeKind.fromName("rule_enforcements")).isEqualTo(PurgeKind.RULE_ENFORCEMENTS);
        assertThatThrownBy(() -> PurgeKind.fromName("traces"))
                .hasMessage("unknown kind 'traces'; kinds: executions, output, trigger-instances, tokens,"
                        + " rule-enforcements, keys");
    }
}
