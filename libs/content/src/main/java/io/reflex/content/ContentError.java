package io.reflex.content;

import java.util.Objects;

/**
 * One problem found in pack content, located as precisely as the source allows:
 * {@code packs/foo/actions/bar.yaml:7:3: parameter 'cmd': unknown type 'strng'}. Line and column are
 * 1-based; 0 means unknown (then they are left out of the text).
 */
public record ContentError(String file, int line, int column, String message) {
    public ContentError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    public static ContentError of(String file, String message) {
        return new ContentError(file, 0, 0, message);
    }

    @Override
    public String toString() {
        if (line <= 0) {
            return file + ": " + message;
        }
        return file + ":" + line + ":" + column + ": " + message;
    }
}
