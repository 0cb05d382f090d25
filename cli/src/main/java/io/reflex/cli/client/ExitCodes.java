package io.reflex.cli.client;

import java.util.Map;

/**
 * The exit codes of the client commands. Commands that wait for an execution ({@code run}, {@code execution
 * re-run}, {@code execution tail}) exit with the code of the execution's final status; every command exits
 * with the code of the failure that stopped it.
 */
public final class ExitCodes {
    public static final int OK = 0;
    /** The execution failed, or the command met an unexpected error. */
    public static final int FAILED = 1;

    public static final int TIMEOUT = 2;
    public static final int CANCELED = 3;
    public static final int ABANDONED = 4;
    /** The execution stopped to wait: an inquiry is pending or a workflow is paused. */
    public static final int WAITING = 5;
    /** The API refused the request (400 bad request, 403 forbidden, 404 not found, 409 conflict). */
    public static final int REFUSED = 10;
    /** Not authenticated: wrong credentials, or a missing or expired token or API key (401). */
    public static final int UNAUTHENTICATED = 11;
    /** The server could not be reached, timed out or failed (5xx). */
    public static final int UNAVAILABLE = 12;
    /** A bad option, argument or {@code key=value} parameter (sysexits' EX_USAGE). */
    public static final int USAGE = 64;

    private static final Map<String, Integer> BY_STATUS = Map.of(
            "succeeded", OK,
            "failed", FAILED,
            "timeout", TIMEOUT,
            "canceled", CANCELED,
            "abandoned", ABANDONED,
            "pending", WAITING,
            "paused", WAITING,
            "pausing", WAITING);

    /** The exit codes as {@code --help} lists them. */
    public static final Map<String, String> HELP = help();

    private ExitCodes() {}

    private static Map<String, String> help() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("" + OK, "success; the execution succeeded");
        m.put("" + FAILED, "the execution failed, or an unexpected error");
        m.put("" + TIMEOUT, "the execution timed out");
        m.put("" + CANCELED, "the execution was canceled");
        m.put("" + ABANDONED, "the execution was abandoned (its runner died)");
        m.put("" + WAITING, "the execution waits (pending inquiry, paused workflow)");
        m.put("" + REFUSED, "the API refused the request (bad request, forbidden, not found, conflict)");
        m.put("" + UNAUTHENTICATED, "not authenticated (bad credentials, missing or expired token)");
        m.put("" + UNAVAILABLE, "the server is unreachable or failed (5xx)");
        m.put("" + USAGE, "usage error (bad option, argument, parameter or config file)");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The exit code of an execution that stopped in {@code status}; {@link #FAILED} for unknown names. */
    public static int ofStatus(String status) {
        return BY_STATUS.getOrDefault(status, FAILED);
    }

    /** The exit code of an HTTP error status. */
    public static int ofHttpStatus(int status) {
        if (status == 401) {
            return UNAUTHENTICATED;
        }
        return status >= 500 ? UNAVAILABLE : REFUSED;
    }
}
