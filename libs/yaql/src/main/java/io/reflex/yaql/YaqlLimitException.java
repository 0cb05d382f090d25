package io.reflex.yaql;

/** An evaluation that exceeded one of its {@link YaqlLimits}; the message names the configuration key and value. */
public final class YaqlLimitException extends YaqlEvaluationException {
    private final String limitKey;

    YaqlLimitException(String limitKey, String message) {
        super("YaqlLimitExceeded", message);
        this.limitKey = limitKey;
    }

    /** The configuration key of the limit, one of the {@code YaqlLimits.MAX_*} constants. */
    public String limitKey() {
        return limitKey;
    }
}
