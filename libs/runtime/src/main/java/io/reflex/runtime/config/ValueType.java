package io.reflex.runtime.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How a configuration value is parsed from text, with the error message for bad input. */
public sealed interface ValueType<T> {
    /** Parses {@code text}; throws IllegalArgumentException whose message says what was expected. */
    T parse(String text);

    record Text() implements ValueType<String> {
        @Override
        public String parse(String text) {
            return text;
        }
    }

    record Int(int min, int max) implements ValueType<Integer> {
        @Override
        public Integer parse(String text) {
            try {
                int v = Integer.parseInt(text.trim());
                if (v < min || v > max) {
                    throw new IllegalArgumentException("must be between " + min + " and " + max);
                }
                return v;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a whole number between " + min + " and " + max);
            }
        }
    }

    record Bool() implements ValueType<Boolean> {
        @Override
        public Boolean parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw new IllegalArgumentException("must be true or false");
            };
        }
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, or a bare number of seconds. */
    record Span(Duration min) implements ValueType<Duration> {
        private static final Pattern FORM = Pattern.compile("^(\\d+)(ms|s|m|h|d)?$");

        @Override
        public Duration parse(String text) {
            Matcher m = FORM.matcher(text.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("must be a duration such as 500ms, 30s, 5m, 2h or 1d");
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            Duration d = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
            if (d.compareTo(min) < 0) {
                throw new IllegalArgumentException("must be at least " + min.toMillis() + "ms");
            }
            return d;
        }
    }

    /** A file system path; a leading {@code ~} is the user's home ({@code $HOME}, as in a shell). */
    record FilePath() implements ValueType<Path> {
        static String home() {
            String home = System.getenv("HOME");
            return home != null && !home.isBlank() ? home : System.getProperty("user.home");
        }

        @Override
        public Path parse(String text) {
            String t = text.trim();
            if (t.isEmpty()) {
                throw new IllegalArgumentException("must be a path");
            }
            if (t.equals("~") || t.startsWith("~/")) {
                t = home() + t.substring(1);
            }
            return Path.of(t).toAbsolutePath().normalize();
        }
    }

    /** A URI whose scheme is one of {@code schemes}. */
    record Uri(List<String> schemes) implements ValueType<URI> {
        @Override
        public URI parse(String text) {
            URI uri;
            String t = text.trim();
            // "embedded:" alone is not a valid URI; it means the same as "embedded:/".
            if (t.matches("^[A-Za-z][A-Za-z0-9+.-]*:$")) {
                t = t + "/";
            }
            try {
                uri = URI.create(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("is not a valid URI");
            }
            if (uri.getScheme() == null || !schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(
                        "has an unknown scheme; known schemes: " + String.join(", ", schemes));
            }
            return uri;
        }
    }

    record Choice(List<String> choices) implements ValueType<String> {
        @Override
        public String parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (!choices.contains(t)) {
                throw new IllegalArgumentException("must be one of " + String.join(", ", choices));
            }
            return t;
        }
    }
}
