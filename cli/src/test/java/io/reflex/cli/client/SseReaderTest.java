package io.reflex.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseReaderTest {
    @Test
    void readsEventsSkippingHeartbeatsAndComments() throws Exception {
        String stream = "\n\nid: 7\nevent: st2.execution.output__create\ndata: {\"data\": \"hi\"}\n\n"
                + ": a comment\n\nevent: multi\ndata: a\ndata:b\n\r\n\nevent: EOF\ndata: ''\n\n";
        SseReader r = new SseReader(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));

        assertThat(r.next()).contains(new SseReader.Event("7", "st2.execution.output__create", "{\"data\": \"hi\"}"));
        assertThat(r.next()).contains(new SseReader.Event(null, "multi", "a\nb"));
        assertThat(r.next()).contains(new SseReader.Event(null, "EOF", "''"));
        assertThat(r.next()).isEmpty();
    }
}
