package io.reflex.actionrunner.runners;

/** POSIX shell quoting: the result is always one word, whatever the value holds. */
final class ShellQuote {
    private ShellQuote() {}

    static String quote(String value) {
        if (value.isEmpty()) {
            return "''";
        }
        if (value.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return value;
        }
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }
}
