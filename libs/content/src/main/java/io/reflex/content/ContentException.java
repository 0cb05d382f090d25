package io.reflex.content;

import java.util.List;
import java.util.stream.Collectors;

/** Content could not be accepted; {@link #errors()} says where and why, one line each. */
public class ContentException extends RuntimeException {
    private final List<ContentError> errors;

    public ContentException(List<ContentError> errors) {
        super(errors.stream().map(ContentError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public ContentException(ContentError error) {
        this(List.of(error));
    }

    public List<ContentError> errors() {
        return errors;
    }
}
