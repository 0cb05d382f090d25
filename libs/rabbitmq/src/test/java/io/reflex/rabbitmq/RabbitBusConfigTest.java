package io.reflex.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RabbitBusConfigTest {
    @Test
    void defaultsAreTheProductionSettings() {
        RabbitBusConfig config = RabbitBusConfig.defaults("amqp://localhost");
        assertThat(config.deliveryLimit()).isEqualTo(5);
        assertThat(config.publishTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.retryDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.logMaxBytes()).isEqualTo(512L * 1024 * 1024);
        assertThat(config.logMaxAge()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void thePasswordNeverAppearsInTextMeantForPeople() {
        RabbitBusConfig config = RabbitBusConfig.defaults("amqp://reflex:s3cret@broker:5672/prod");
        assertThat(config.redactedUri()).isEqualTo("amqp://reflex:***@broker:5672/prod");
        assertThat(config.toString()).doesNotContain("s3cret");
        assertThat(RabbitBusConfig.defaults("amqp://broker").redactedUri()).isEqualTo("amqp://broker");
    }

    @Test
    void aDeliveryLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> RabbitBusConfig.defaults("amqp://x").withDeliveryLimit(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
