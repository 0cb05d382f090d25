package io.reflex.runtime.service;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code logging.format=text}: one event per line in Reflex's pattern (unless logback.xml sets another),
 * every input-bearing text escaped ({@link EscapedEvent}); stack traces follow on their own lines.
 */
public final class TextLogEncoder extends PatternLayoutEncoder {
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{30} - %msg%n";

    public TextLogEncoder() {
        setPattern(PATTERN);
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return super.encode(EscapedEvent.of(event));
    }
}
