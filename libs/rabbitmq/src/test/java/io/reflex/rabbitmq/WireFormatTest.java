package io.reflex.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import io.reflex.testing.contract.EventBusContractSupport.Note;
import io.reflex.testing.contract.EventBusContractSupport.Unwritable;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireFormatTest {
    private static AMQP.BasicProperties withHeaders(Map<String, Object> headers) {
        return new AMQP.BasicProperties.Builder().headers(headers).build();
    }

    @Test
    void aMessageIsPersistentJsonWithItsIdTypeAndVersions() {
        AMQP.BasicProperties props = WireFormat.properties("id-7", Note.class, 3);
        assertThat(props.getContentType()).isEqualTo("application/json");
        assertThat(props.getDeliveryMode()).isEqualTo(2);
        assertThat(props.getMessageId()).isEqualTo("id-7");
        assertThat(props.getHeaders()).containsEntry("reflex-type", "Note").containsEntry("reflex-version", 1);
        assertThat(WireFormat.schemaVersion(props)).isEqualTo(3);
        assertThat(WireFormat.decode(WireFormat.encode(new Note("x", 3)), Note.class))
                .isEqualTo(new Note("x", 3));
    }

    @Test
    void aMessageWithoutSchemaHeaderIsAtTheInitialSchema() {
        assertThat(WireFormat.schemaVersion(withHeaders(null))).isEqualTo(1);
        assertThat(WireFormat.schemaVersion(withHeaders(Map.of("reflex-type", "Note"))))
                .isEqualTo(1);
    }

    @Test
    void aMessageJacksonCannotWriteIsAnIllegalArgument() {
        assertThatThrownBy(() -> WireFormat.encode(new Unwritable("x"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFirstDeliveryCountsOne() {
        assertThat(WireFormat.deliveryCount(withHeaders(null), false)).isEqualTo(1);
        assertThat(WireFormat.deliveryCount(withHeaders(Map.of("x-delivery-count", 0L)), false))
                .isEqualTo(1);
    }

    @Test
    void theBrokersReturnCountAddsToTheCountCarriedByARetriedCopy() {
        Map<String, Object> headers = Map.of("x-delivery-count", 2L, "reflex-delivery-count", 3);
        assertThat(WireFormat.deliveryCount(withHeaders(headers), true)).isEqualTo(5);
        assertThat(WireFormat.brokerCounted(withHeaders(headers))).isTrue();
    }

    @Test
    void withoutABrokerCountARedeliveryCountsOneMore() {
        assertThat(WireFormat.deliveryCount(withHeaders(Map.of("reflex-delivery-count", 2)), true))
                .isEqualTo(3);
        assertThat(WireFormat.brokerCounted(withHeaders(Map.of()))).isFalse();
    }

    @Test
    void aRetriedCopyCarriesTheNextCountAndDropsTheBrokersCount() {
        Map<String, Object> headers = new HashMap<>(Map.of("x-delivery-count", 4L, "reflex-type", "Note"));
        AMQP.BasicProperties retry = WireFormat.forRetry(
                withHeaders(headers).builder().messageId("m").build(), 2);
        assertThat(retry.getMessageId()).isEqualTo("m");
        assertThat(retry.getHeaders()).containsEntry("reflex-delivery-count", 2).doesNotContainKey("x-delivery-count");
        assertThat(WireFormat.deliveryCount(retry, false)).isEqualTo(2);
    }

    @Test
    void aDeadLetterStartsCountingAfreshAndSaysWhy() {
        AMQP.BasicProperties dead =
                WireFormat.forDeadLetter(withHeaders(Map.of("reflex-delivery-count", 5)), "poison: no");
        assertThat(dead.getHeaders())
                .doesNotContainKey("reflex-delivery-count")
                .containsEntry("reflex-dead-letter-reason", "poison: no");
        assertThat(dead.getDeliveryMode()).isEqualTo(2);
    }

    @Test
    void theStreamOffsetComesFromItsHeader() {
        assertThat(WireFormat.streamOffset(withHeaders(Map.of("x-stream-offset", 42L))))
                .isEqualTo(42);
        assertThat(WireFormat.streamOffset(withHeaders(null))).isEqualTo(-1);
    }
}
