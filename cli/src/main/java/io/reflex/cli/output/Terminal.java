package io.reflex.cli.output;

import java.io.Console;
import java.io.File;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the command knows about where its output goes.
 *
 * @param tty whether standard output is a terminal (spinners and line rewriting only then)
 * @param width columns tables must fit: {@code $COLUMNS}, else the terminal's width (80 when unknown), else
 *     (not a terminal) {@link #UNBOUNDED}
 */
public record Terminal(boolean tty, int width) {
    public static final int DEFAULT_WIDTH = 80;
    /** The width of output that is not a terminal: no table is that wide, so none wraps. */
    public static final int UNBOUNDED = 1 << 20;

    public Terminal {
        if (width < 20) {
            width = DEFAULT_WIDTH;
        }
    }

    /** A terminal that is not one (tests, pipes) with {@code $COLUMNS} or 80 columns. */
    public static Terminal none(Map<String, String> env) {
        return new Terminal(false, columns(env, DEFAULT_WIDTH));
    }

    /** This process's standard output. */
    public static Terminal detect(Map<String, String> env) {
        boolean tty = stdoutIsTerminal();
        return of(tty, env, tty ? sttyColumns() : UNBOUNDED);
    }

    /**
     * Output to a terminal of {@code ttyColumns} columns, or (not a tty) to a pipe or file: there tables are
     * never wrapped, so each row stays one line for grep and awk, unless {@code $COLUMNS} asks for a width.
     */
    static Terminal of(boolean tty, Map<String, String> env, int ttyColumns) {
        return new Terminal(tty, columns(env, tty ? ttyColumns : UNBOUNDED));
    }

    private static int columns(Map<String, String> env, int fallback) {
        try {
            String c = env.get("COLUMNS");
            return c == null ? fallback : Integer.parseInt(c.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /**
     * {@code System.console()} is non-null only for a terminal up to Java 21; from Java 22 on it may exist
     * for redirected streams too and {@code Console.isTerminal()} tells (called reflectively: we build for 21).
     */
    private static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** The terminal's width from {@code stty size} on /dev/tty (Java has no API for it). */
    private static int sttyColumns() {
        File tty = new File("/dev/tty");
        if (!tty.exists()) {
            return DEFAULT_WIDTH;
        }
        try {
            Process p = new ProcessBuilder("stty", "size")
                    .redirectInput(tty)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return DEFAULT_WIDTH;
            }
            String[] parts = out.split("\\s+");
            return parts.length == 2 ? Integer.parseInt(parts[1]) : DEFAULT_WIDTH;
        } catch (java.io.IOException | NumberFormatException e) {
            return DEFAULT_WIDTH;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DEFAULT_WIDTH;
        }
    }
}
