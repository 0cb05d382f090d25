package io.reflex.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.content.YamlFile;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The API's OpenAPI 3 document ({@code openapi/openapi.yaml}) checked against the routes actually mounted:
 * {@link #servedFrom} drops every documented operation the router does not serve, {@link #undocumented}
 * names every served operation the document lacks. Paths are compared with parameter names ignored
 * ({@code /keys/:name} matches {@code /keys/{name}}); a wildcard route ({@code /webhooks/*}) serves every
 * documented path below it; a regex route takes part under its {@code Route#setName} (a path template).
 * Pure apart from reading the resource.
 */
final class OpenApiDocument {
    static final String RESOURCE = "openapi/openapi.yaml";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    /**
     * One served route: a method (null for any), a normalised path, whether it is a wildcard prefix, and
     * for a pure regex route its pattern (then {@code path} is the pattern text).
     */
    record Operation(String method, String path, boolean prefix, Pattern regex) {
        boolean serves(String docMethod, String docPath) {
            if (method != null && !method.equals(docMethod)) {
                return false;
            }
            if (regex != null) {
                return regex.matcher(docPath.replace("{}", "p")).matches();
            }
            return prefix ? docPath.startsWith(path) : docPath.equals(path);
        }

        @Override
        public String toString() {
            return (method == null ? "ANY" : method.toUpperCase(Locale.ROOT)) + " " + path + (prefix ? "*" : "");
        }
    }

    private OpenApiDocument() {}

    /** The document as written in the resource. */
    static ObjectNode load() {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return (ObjectNode) YamlFile.parse(RESOURCE, text).root();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The routes that serve requests (middleware without a path is left out). */
    static List<Operation> served(List<Route> routes) {
        List<Operation> out = new ArrayList<>();
        for (Route r : routes) {
            Pattern regex = r.getPath() == null && r.isRegexPath() ? Pattern.compile(r.getName()) : null;
            String path = regex != null ? r.getName() : r.getPath();
            if (path == null) {
                continue;
            }
            boolean prefix = regex == null && !r.isExactPath();
            String normalised = regex != null ? path : prefix ? params(path) : normalise(path);
            Set<HttpMethod> methods = r.methods() == null ? Set.of() : r.methods();
            if (methods.isEmpty()) {
                out.add(new Operation(null, normalised, prefix, regex));
            }
            for (HttpMethod m : methods) {
                out.add(new Operation(m.name().toLowerCase(Locale.ROOT), normalised, prefix, regex));
            }
        }
        return out;
    }

    /** A copy of {@code doc} with only the operations some route serves. */
    static ObjectNode servedFrom(ObjectNode doc, List<Operation> served) {
        ObjectNode out = doc.deepCopy();
        ObjectNode paths = (ObjectNode) out.path("paths");
        List<String> emptied = new ArrayList<>();
        paths.properties().forEach(e -> {
            ObjectNode item = (ObjectNode) e.getValue();
            List<String> gone = operations(item).stream()
                    .filter(m -> !isServed(served, m, e.getKey()))
                    .toList();
            item.remove(gone);
            if (operations(item).isEmpty()) {
                emptied.add(e.getKey());
            }
        });
        paths.remove(emptied);
        return out;
    }

    /** Served operations the document does not describe, e.g. {@code PUT /keys/{}}. */
    static List<String> undocumented(ObjectNode doc, List<Operation> served) {
        List<String> missing = new ArrayList<>();
        for (Operation op : served) {
            boolean documented = false;
            for (var e : doc.path("paths").properties()) {
                for (String method : operations(e.getValue())) {
                    documented |= op.serves(method, normalise(e.getKey()));
                }
            }
            if (!documented) {
                missing.add(op.toString());
            }
        }
        return missing;
    }

    /** Documented operations nothing serves (the document's known gaps on this router). */
    static List<String> unserved(ObjectNode doc, List<Operation> served) {
        List<String> gaps = new ArrayList<>();
        for (var e : doc.path("paths").properties()) {
            for (String method : operations(e.getValue())) {
                if (!isServed(served, method, e.getKey())) {
                    gaps.add(method.toUpperCase(Locale.ROOT) + " " + e.getKey());
                }
            }
        }
        return gaps;
    }

    private static boolean isServed(List<Operation> served, String method, String docPath) {
        String path = normalise(docPath);
        return served.stream().anyMatch(op -> op.serves(method, path));
    }

    private static List<String> operations(JsonNode item) {
        List<String> out = new ArrayList<>();
        item.fieldNames().forEachRemaining(name -> {
            if (METHODS.contains(name)) {
                out.add(name);
            }
        });
        return out;
    }

    /** {@code /keys/:name/} and {@code /keys/{name}} both become {@code /keys/{}}. */
    static String normalise(String path) {
        String p = params(path);
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static String params(String path) {
        return path.replaceAll(":[A-Za-z0-9_]+", "{}").replaceAll("\\{[^}/]*}", "{}");
    }
}
