package io.reflex.runtime.service;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code logging.format=json}: Logback's JSON lines with every input-bearing text escaped as in the text
 * format ({@link EscapedEvent}), so both formats show a value the same way and neither carries a raw
 * control character or line separator.
 */
public final class JsonLogEncoder extends JsonEncoder {
    @Override
    public byte[] encode(ILoggingEvent event) {
        return super.encode(EscapedEvent.of(event));
    }
}
