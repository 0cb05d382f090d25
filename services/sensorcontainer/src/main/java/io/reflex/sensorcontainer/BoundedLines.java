package io.reflex.sensorcontainer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads a child's output line by line, cutting lines longer than a bound (the rest of such a line is
 * dropped), so a sensor that writes without newlines cannot exhaust the container's memory.
 */
final class BoundedLines {
    private BoundedLines() {}

    /** Calls {@code consumer} with every line (without its line break) until end of stream. */
    static void forEach(InputStream in, int maxBytes, Consumer<String> consumer) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b == '\n') {
                    consumer.accept(text(line));
                    line.reset();
                } else if (line.size() < maxBytes) {
                    line.write(b);
                }
            }
        }
        if (line.size() > 0) {
            consumer.accept(text(line));
        }
    }

    private static String text(ByteArrayOutputStream line) {
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
