package io.reflex.core.execution;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.regex.Pattern;

/**
 * What a Java failure tells the user of an execution: one line, in words, without exception class names or
 * stack frames. The stack trace is for the service log (with the execution id), never for a stored result,
 * since results reach every client that may read the execution.
 */
public final class FailureReason {
    /** The longest reason kept; longer messages are cut. */
    public static final int MAX_CHARS = 1000;

    private static final Pattern CLASS_PREFIX =
            Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)(?::\\s*|\\b)");
    private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n\\u2028\\u2029]+\\s*");

    private FailureReason() {}

    /** One line saying what went wrong in {@code t}, never blank. */
    public static String of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String words = words(c);
            if (words != null) {
                return oneLine(words);
            }
        }
        return "internal error";
    }

    /** {@code text} on one line, without Java class names, at most {@link #MAX_CHARS} characters. */
    public static String oneLine(String text) {
        String s = CLASS_PREFIX.matcher(text).replaceAll("");
        s = LINE_BREAKS.matcher(s).replaceAll(" ").strip();
        if (s.isEmpty()) {
            s = "internal error";
        }
        return s.length() > MAX_CHARS ? s.substring(0, MAX_CHARS) + "..." : s;
    }

    /** {@code t} in words, or null when it says nothing (its cause may). */
    private static String words(Throwable t) {
        String m = t.getMessage();
        return switch (t) {
            case NoSuchFileException e -> "no such file or directory: " + e.getFile();
            case NotDirectoryException e -> "not a directory: " + e.getFile();
            case AccessDeniedException e -> "permission denied: " + e.getFile();
            case UnknownHostException e -> "unknown host: " + m;
            case ConnectException e -> blank(m) ? "connection refused" : m;
            default -> blank(m) ? null : m;
        };
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
