package io.reflex.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ListeningProcessTest {
    @Test
    void theProcessListeningOnALoopbackPortIsFoundAndAPortNobodyListensOnFindsNone() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();

            assertThat(ListeningProcess.onPort(port))
                    .contains(ProcessHandle.current().pid());
            assertThat(ListeningProcess.of(URI.create("amqp://guest:guest@127.0.0.1:" + port + "/bench"), 5672))
                    .contains(ProcessHandle.current().pid());
        }
        assertThat(ListeningProcess.onPort(port)).isEmpty();
        assertThat(ListeningProcess.of(URI.create("amqp://broker.example.com:" + port), 5672))
                .isEmpty();
    }
}
