package io.reflex.rulesengine.criteria;

/** Criteria could not be evaluated (bad operator, type error, failing pattern template). */
public class CriteriaException extends RuntimeException {
    public CriteriaException(String message, Throwable cause) {
        super(message, cause);
    }

    public CriteriaException(String message) {
        super(message);
    }
}
