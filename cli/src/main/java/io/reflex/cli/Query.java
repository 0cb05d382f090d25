package io.reflex.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A query string built from the options that were given; absent ones are left out. */
final class Query {
    private final StringBuilder sb = new StringBuilder();

    static Query of() {
        return new Query();
    }

    Query add(String name, Object value) {
        if (value != null && !(value instanceof Boolean b && !b)) {
            sb.append(sb.isEmpty() ? '?' : '&')
                    .append(name)
                    .append('=')
                    .append(URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
        }
        return this;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
