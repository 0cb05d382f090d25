package io.reflex.sensorcontainer;

import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a sensor process's two streams: stdout carries the wrapper's messages (dispatches go to
 * {@link SensorProcess.Events}), stderr the sensor's own output, logged line by line under the logger
 * {@code io.reflex.sensorcontainer.output} with the sensor's ref (warnings and errors of the sensor as
 * warnings). Lines are bounded and control characters escaped, so a sensor can neither exhaust the
 * container's memory nor forge log lines.
 */
final class SensorOutput {
    private static final Logger log = LoggerFactory.getLogger(SensorOutput.class);
    private static final Logger output = LoggerFactory.getLogger("io.reflex.sensorcontainer.output");
    private static final int MAX_MESSAGE_BYTES = 8 << 20;
    private static final int MAX_LOG_LINE_BYTES = 16 << 10;

    private final SensorSpec spec;
    private final SensorProcess.Events events;

    SensorOutput(SensorSpec spec, SensorProcess.Events events) {
        this.spec = spec;
        this.events = events;
    }

    /** Until the end of the wrapper's stdout. */
    void messages(InputStream stdout) {
        try {
            BoundedLines.forEach(stdout, MAX_MESSAGE_BYTES, this::onLine);
        } catch (IOException ended) {
            // the process is gone
        }
    }

    /** Until the end of the sensor's stderr. */
    void log(InputStream stderr) {
        try {
            BoundedLines.forEach(stderr, MAX_LOG_LINE_BYTES, l -> {
                if (l.startsWith("ERROR ") || l.startsWith("CRITICAL ") || l.startsWith("WARNING ")) {
                    output.warn("sensor output sensor={} {}", spec.ref(), printable(l));
                } else if (!l.isBlank()) {
                    output.info("sensor output sensor={} {}", spec.ref(), printable(l));
                }
            });
        } catch (IOException ended) {
            // the process is gone
        }
    }

    private void onLine(String raw) {
        WrapperProtocol.Line line = WrapperProtocol.parse(raw);
        if (line.output() != null && !line.output().isBlank()) {
            output.info("sensor output sensor={} {}", spec.ref(), printable(line.output()));
        }
        if (line.problem() != null) {
            log.warn("sensor message unreadable sensor={} error=\"{}\"", spec.ref(), line.problem());
        } else if (line.message() instanceof WrapperProtocol.Dispatch d) {
            try {
                events.dispatched(spec, d);
            } catch (RuntimeException e) {
                log.error(
                        "sensor dispatch failed sensor={} trigger={} error={}", spec.ref(), d.trigger(), e.toString());
            }
        } else if (line.message() instanceof WrapperProtocol.Ready) {
            log.info("sensor ready sensor={}", spec.ref());
        }
    }

    /** Control characters other than tab escaped as {@code \xNN}. */
    static String printable(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }
}
