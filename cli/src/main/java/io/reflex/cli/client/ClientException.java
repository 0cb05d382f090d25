package io.reflex.cli.client;

/**
 * A failure a client command reports as one line, {@code reflex: <message>}, and exits with {@link
 * #exitCode()}. Never carries a stack trace to the user.
 */
public final class ClientException extends RuntimeException {
    private final int exitCode;
    private final int httpStatus;

    public ClientException(String message, int exitCode) {
        this(message, exitCode, 0);
    }

    /** @param httpStatus the status of the HTTP answer that failed; 0 when there was none */
    public ClientException(String message, int exitCode, int httpStatus) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.httpStatus = httpStatus;
    }

    public static ClientException usage(String message) {
        return new ClientException(message, ExitCodes.USAGE);
    }

    public int exitCode() {
        return exitCode;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
