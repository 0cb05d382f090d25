package io.reflex.sensorcontainer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Writes lines to a child's stdin on a thread of its own, so that a sensor that stops reading its stdin
 * (hung, or busy) can never block the container's loop, which only queues. The pipe is left open when the
 * feed ends: closing it would tell the wrapper that the container is gone.
 */
final class StdinFeed {
    private static final String END = "";

    private final OutputStream stdin;
    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();

    StdinFeed(OutputStream stdin, String name) {
        this.stdin = stdin;
        Thread.ofVirtual().name(name).start(this::drain);
    }

    void send(String lines) {
        if (!lines.isEmpty()) {
            queue.add(lines);
        }
    }

    void end() {
        queue.add(END);
    }

    private void drain() {
        try {
            for (String lines = queue.take(); !lines.isEmpty(); lines = queue.take()) {
                stdin.write(lines.getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the process is gone (or going): nothing left to tell it
        }
    }
}
