package io.reflex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.cli.client.ExecutionWaiter;
import java.io.PrintWriter;

/**
 * What a waiting command shows: on a terminal, a spinner line with the status, the time waited and the
 * last line of output, rewritten in place; with {@code --tail}, the output itself as it arrives. Nothing
 * otherwise, so that scripts read only the result.
 */
final class ExecutionProgress implements ExecutionWaiter.Listener {
    private static final String CLEAR = "\r\033[K";
    private static final String FRAMES = "|/-\\";

    private final PrintWriter out;
    private final boolean spinner;
    private final boolean tail;
    private final String label;
    private final int width;
    private final long started = System.nanoTime();
    private String status = "requested";
    private String lastLine = "";
    private int frame;
    private boolean drawn;
    private boolean midLine;

    ExecutionProgress(PrintWriter out, boolean spinner, boolean tail, String label, int width) {
        this.out = out;
        this.spinner = spinner;
        this.tail = tail;
        this.label = label;
        this.width = width;
    }

    @Override
    public synchronized void output(String text) {
        if (tail) {
            clear();
            out.print(text);
            out.flush();
            midLine = !text.isEmpty() && !text.endsWith("\n") || midLine && text.isEmpty();
        }
        String trimmed = text.strip();
        if (!trimmed.isEmpty()) {
            lastLine = trimmed.substring(trimmed.lastIndexOf('\n') + 1);
        }
    }

    @Override
    public synchronized void status(JsonNode execution) {
        status = execution.path("status").asText(status);
    }

    @Override
    public synchronized void tick() {
        if (!spinner || midLine) {
            return;
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        String line = FRAMES.charAt(frame++ % FRAMES.length()) + " " + label + " " + status + " " + seconds + "s"
                + (tail || lastLine.isEmpty() ? "" : " | " + lastLine);
        out.print(CLEAR + (line.length() > width - 1 ? line.substring(0, width - 1) : line));
        out.flush();
        drawn = true;
    }

    /** Removes the spinner line before the result is printed. */
    synchronized void done() {
        clear();
        out.flush();
    }

    private void clear() {
        if (drawn) {
            out.print(CLEAR);
            drawn = false;
        }
    }
}
