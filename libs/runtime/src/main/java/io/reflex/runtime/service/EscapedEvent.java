package io.reflex.runtime.service;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * A logging event as the encoders write it: every text that may carry input (the message, its arguments,
 * MDC and key-value pairs, the thread name, exception messages) escaped by {@link LogEscape}. Escaping the
 * event rather than each output format means the text and JSON formats can never disagree.
 */
record EscapedEvent(ILoggingEvent delegate) implements ILoggingEvent {
    static ILoggingEvent of(ILoggingEvent event) {
        return event instanceof EscapedEvent ? event : new EscapedEvent(event);
    }

    @Override
    public String getThreadName() {
        return LogEscape.escape(delegate.getThreadName());
    }

    @Override
    public Level getLevel() {
        return delegate.getLevel();
    }

    @Override
    public String getMessage() {
        return LogEscape.escape(delegate.getMessage());
    }

    @Override
    public Object[] getArgumentArray() {
        Object[] args = delegate.getArgumentArray();
        if (args == null) {
            return null;
        }
        Object[] out = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            out[i] = args[i] == null ? null : LogEscape.escape(String.valueOf(args[i]));
        }
        return out;
    }

    @Override
    public String getFormattedMessage() {
        return LogEscape.escape(delegate.getFormattedMessage());
    }

    @Override
    public String getLoggerName() {
        return delegate.getLoggerName();
    }

    @Override
    public LoggerContextVO getLoggerContextVO() {
        return delegate.getLoggerContextVO();
    }

    @Override
    public IThrowableProxy getThrowableProxy() {
        return EscapedThrowable.of(delegate.getThrowableProxy());
    }

    @Override
    public StackTraceElement[] getCallerData() {
        return delegate.getCallerData();
    }

    @Override
    public boolean hasCallerData() {
        return delegate.hasCallerData();
    }

    @Override
    public List<Marker> getMarkerList() {
        return delegate.getMarkerList();
    }

    @Override
    public Map<String, String> getMDCPropertyMap() {
        return escaped(delegate.getMDCPropertyMap());
    }

    @Override
    @SuppressWarnings("deprecation")
    public Map<String, String> getMdc() {
        return escaped(delegate.getMdc());
    }

    @Override
    public long getTimeStamp() {
        return delegate.getTimeStamp();
    }

    @Override
    public int getNanoseconds() {
        return delegate.getNanoseconds();
    }

    @Override
    public long getSequenceNumber() {
        return delegate.getSequenceNumber();
    }

    @Override
    public List<KeyValuePair> getKeyValuePairs() {
        List<KeyValuePair> pairs = delegate.getKeyValuePairs();
        return pairs == null
                ? null
                : pairs.stream()
                        .map(p -> new KeyValuePair(
                                LogEscape.escape(p.key),
                                p.value == null ? null : LogEscape.escape(String.valueOf(p.value))))
                        .toList();
    }

    @Override
    public void prepareForDeferredProcessing() {
        delegate.prepareForDeferredProcessing();
    }

    private static Map<String, String> escaped(Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            return map;
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(LogEscape.escape(k), LogEscape.escape(v)));
        return out;
    }
}
