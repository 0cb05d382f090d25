package io.reflex.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Address;
import org.junit.jupiter.api.Test;

class BrokerAddressesTest {
    @Test
    void aSingleHostUriIsOneAddressWithTheDefaultPort() {
        BrokerAddresses one = BrokerAddresses.parse("amqp://u:p@broker/prod");
        assertThat(one.uri()).isEqualTo("amqp://u:p@broker/prod");
        assertThat(one.addresses()).containsExactly(new Address("broker", 5672));
        assertThat(BrokerAddresses.parse("amqps://broker").addresses()).containsExactly(new Address("broker", 5671));
    }

    @Test
    void aClusterUriListsEveryNodeAndKeepsCredentialsAndVhostOnTheFirst() {
        BrokerAddresses cluster = BrokerAddresses.parse("amqp://reflex:s3cret@h1:5681,h2:5682,h3/vh?heartbeat=5");
        assertThat(cluster.uri()).isEqualTo("amqp://reflex:s3cret@h1:5681/vh?heartbeat=5");
        assertThat(cluster.addresses())
                .containsExactly(new Address("h1", 5681), new Address("h2", 5682), new Address("h3", 5672));
    }

    @Test
    void aUriWithoutHostsOrWithAnEmptyOneIsRefused() {
        assertThatThrownBy(() -> BrokerAddresses.parse("amqp://u:p@/vh")).hasMessageContaining("no broker host");
        assertThatThrownBy(() -> BrokerAddresses.parse("amqp://h1,,h2/")).hasMessageContaining("empty host");
    }
}
