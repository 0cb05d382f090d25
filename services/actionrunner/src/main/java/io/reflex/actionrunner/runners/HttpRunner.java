package io.reflex.actionrunner.runners;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.actionrunner.runners.Runner.RunContext;
import io.reflex.core.execution.ExecutionStatus;
import io.reflex.core.execution.FailureReason;
import io.reflex.core.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * {@code http-request}: one HTTP call with StackStorm's parameters (method, url, params, headers, body or a
 * file upload, basic auth, cookies, redirects, proxies, certificate checking, host allow/deny lists) and
 * result {@code {status_code, body, parsed, headers}}; 2xx (200–206) succeeds, a timeout ends in
 * {@code timeout}.
 */
public final class HttpRunner implements Runner {
    private final String version;

    public HttpRunner(String version) {
        this.version = version;
    }

    @Override
    public String name() {
        return "http-request";
    }

    @Override
    public Runner.Result run(RunContext ctx) throws Exception {
        ObjectNode p = ctx.runnerParameters().deepCopy();
        p.setAll(ctx.actionParameters());
        URI uri = uri(p);
        String denied = hostCheck(uri, p);
        if (denied != null) {
            return new Runner.Result(ExecutionStatus.FAILED, Json.object().put("error", denied));
        }
        Duration timeout = Duration.ofMillis(Math.round(p.path("timeout").asDouble(60) * 1000));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("User-Agent", "st2/v" + version)
                .header("X-Stanley-Action", ctx.actionName());
        p.path("headers")
                .fields()
                .forEachRemaining(h -> b.header(h.getKey(), h.getValue().asText()));
        if (p.hasNonNull("username")) {
            String cred = p.get("username").asText() + ":" + p.path("password").asText("");
            b.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(cred.getBytes(StandardCharsets.UTF_8)));
        }
        cookies(p).ifPresent(c -> b.header("Cookie", c));
        String method = p.path("method").asText("GET").toUpperCase(Locale.ROOT);
        b.method(method, body(p, b));
        try {
            HttpResponse<String> r = client(p, timeout).send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Runner.Result(
                    r.statusCode() >= 200 && r.statusCode() <= 206 ? ExecutionStatus.SUCCEEDED : ExecutionStatus.FAILED,
                    result(r));
        } catch (HttpTimeoutException e) {
            return new Runner.Result(
                    ExecutionStatus.TIMEOUT,
                    Json.object().put("error", "Request timed out after " + timeout.toSeconds() + " seconds: " + uri));
        } catch (IOException e) {
            return new Runner.Result(
                    ExecutionStatus.FAILED,
                    Json.object().put("error", "Request to " + origin(uri) + " failed: " + FailureReason.of(e)));
        }
    }

    /** {@code scheme://host:port}: where a request went, without credentials, path or query in it. */
    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    private static URI uri(ObjectNode p) {
        String url = p.path("url").asText("");
        List<String> query = new ArrayList<>();
        p.path("params")
                .fields()
                .forEachRemaining(e -> query.add(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(
                                e.getValue().isTextual()
                                        ? e.getValue().asText()
                                        : e.getValue().toString(),
                                StandardCharsets.UTF_8)));
        if (!query.isEmpty()) {
            url += (url.contains("?") ? "&" : "?") + String.join("&", query);
        }
        return URI.create(url);
    }

    /** The allow/deny lists (mutually exclusive): an error text when the host is not allowed. */
    static String hostCheck(URI uri, ObjectNode p) {
        List<String> deny = strings(p.path("url_hosts_blacklist"));
        List<String> allow = strings(p.path("url_hosts_whitelist"));
        if (!deny.isEmpty() && !allow.isEmpty()) {
            return "\"url_hosts_blacklist\" and \"url_hosts_whitelist\" parameters are mutually exclusive. Only one should be provided.";
        }
        String host = uri.getHost() == null ? "" : uri.getHost();
        if (deny.contains(host)) {
            return "URL host \"" + host + "\" is blacklisted";
        }
        if (!allow.isEmpty() && !allow.contains(host)) {
            return "URL host \"" + host + "\" is not whitelisted";
        }
        return null;
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static java.util.Optional<String> cookies(ObjectNode p) {
        List<String> parts = new ArrayList<>();
        p.path("cookies")
                .fields()
                .forEachRemaining(c -> parts.add(c.getKey() + "=" + c.getValue().asText()));
        return parts.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(String.join("; ", parts));
    }

    private static HttpRequest.BodyPublisher body(ObjectNode p, HttpRequest.Builder b) throws IOException {
        if (p.hasNonNull("file_path") || p.hasNonNull("file_content")) {
            byte[] content = p.hasNonNull("file_content")
                    ? p.get("file_content").asText().getBytes(StandardCharsets.UTF_8)
                    : Files.readAllBytes(Path.of(p.get("file_path").asText()));
            String name = p.path("file_name")
                    .asText(
                            p.hasNonNull("file_path")
                                    ? Path.of(p.get("file_path").asText())
                                            .getFileName()
                                            .toString()
                                    : "file");
            String boundary = "reflex" + System.nanoTime();
            b.header("Content-Type", "multipart/form-data; boundary=" + boundary);
            String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                    + "\"\r\nContent-Type: " + p.path("file_content_type").asText("application/octet-stream")
                    + "\r\n\r\n";
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
            return HttpRequest.BodyPublishers.ofByteArrays(
                    List.of(head.getBytes(StandardCharsets.UTF_8), content, tail));
        }
        JsonNode body = p.get("body");
        if (body == null || body.isNull()) {
            return HttpRequest.BodyPublishers.noBody();
        }
        return HttpRequest.BodyPublishers.ofString(body.isTextual() ? body.asText() : Json.write(body));
    }

    private static HttpClient client(ObjectNode p, Duration timeout) throws Exception {
        HttpClient.Builder c = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(
                        p.path("allow_redirects").asBoolean(false)
                                ? HttpClient.Redirect.NORMAL
                                : HttpClient.Redirect.NEVER);
        String proxy = p.path(p.path("url").asText("").startsWith("https") ? "https_proxy" : "http_proxy")
                .asText("");
        if (!proxy.isBlank()) {
            URI pu = URI.create(proxy.contains("://") ? proxy : "http://" + proxy);
            c.proxy(ProxySelector.of(new InetSocketAddress(pu.getHost(), pu.getPort() == -1 ? 80 : pu.getPort())));
        }
        if (!p.path("verify_ssl_cert").asBoolean(true)) {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
            c.sslContext(ssl);
        }
        return c.build();
    }

    private static ObjectNode result(HttpResponse<String> r) {
        ObjectNode out = Json.object();
        out.put("status_code", r.statusCode());
        ObjectNode headers = out.putObject("headers");
        r.headers().map().forEach((k, v) -> headers.put(k, String.join(", ", v)));
        String type = r.headers().firstValue("content-type").orElse("");
        boolean parsed = false;
        if (type.toLowerCase(Locale.ROOT).contains("json")) {
            try {
                out.set("body", Json.mapper().readTree(r.body()));
                parsed = true;
            } catch (IOException notJson) {
                out.put("body", r.body());
            }
        } else {
            out.put("body", r.body());
        }
        out.put("parsed", parsed);
        return out;
    }

    /** verify_ssl_cert=false: StackStorm lets an action skip certificate checks explicitly. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
