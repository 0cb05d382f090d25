package io.reflex.content;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a pack comes from, as written after {@code reflex pack install} or in a {@code dependencies}
 * entry: a local directory, a git URL, or (dependencies only) an installed pack's name; each optionally
 * followed by {@code =<version or git ref>}.
 */
public record PackSource(Kind kind, String location, Optional<String> ref) {
    public enum Kind {
        DIRECTORY,
        GIT,
        NAME
    }

    /** Parses {@code text}; the {@code =} suffix counts only when it is not part of a URL's path. */
    public static PackSource parse(String text) {
        String t = text.trim();
        int eq = t.lastIndexOf('=');
        Optional<String> ref = Optional.empty();
        if (eq > 0 && !t.substring(eq + 1).contains("/") && !t.substring(eq + 1).isEmpty()) {
            ref = Optional.of(t.substring(eq + 1));
            t = t.substring(0, eq);
        }
        if (isGit(t)) {
            return new PackSource(Kind.GIT, t, ref);
        }
        if (t.contains("/") || t.startsWith(".") || Files.isDirectory(Path.of(t))) {
            return new PackSource(Kind.DIRECTORY, t, ref);
        }
        return new PackSource(Kind.NAME, t, ref);
    }

    private static boolean isGit(String t) {
        String l = t.toLowerCase(Locale.ROOT);
        return l.startsWith("https://")
                || l.startsWith("http://")
                || l.startsWith("ssh://")
                || l.startsWith("git://")
                || l.startsWith("file://")
                || l.startsWith("git@")
                || l.endsWith(".git");
    }

    @Override
    public String toString() {
        return location + ref.map(r -> "=" + r).orElse("");
    }
}
