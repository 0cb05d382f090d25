package io.reflex.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The REST API ({@code /api/v1}) and stream ({@code /stream/v1}) as the commands use them: paths are
 * relative to the version 1 root ({@code "/actions?pack=core"}), the credential is added to every request,
 * and every failure is a one-line {@link ClientException}. Blocks the calling thread.
 */
public final class ApiClient {
    private final ClientSettings settings;
    private final Transport transport;
    private final Credentials credentials;

    public ApiClient(ClientSettings settings, Transport transport, Credentials credentials) {
        this.settings = settings;
        this.transport = transport;
        this.credentials = credentials;
    }

    public ClientSettings settings() {
        return settings;
    }

    public Transport.Response call(String method, String path, JsonNode body) {
        try {
            return transport.send(request(settings.apiUrl(), method, path, body, false));
        } catch (ClientException e) {
            if (e.exitCode() != ExitCodes.UNAUTHENTICATED) {
                throw e;
            }
            if (credentials.renew()) {
                return transport.send(request(settings.apiUrl(), method, path, body, false));
            }
            throw new ClientException(e.getMessage() + hint(), e.exitCode(), e.httpStatus());
        }
    }

    public JsonNode get(String path) {
        return call("GET", path, null).json();
    }

    public JsonNode post(String path, JsonNode body) {
        return call("POST", path, body).json();
    }

    public JsonNode put(String path, JsonNode body) {
        return call("PUT", path, body).json();
    }

    public JsonNode delete(String path) {
        return call("DELETE", path, null).json();
    }

    /** A text answer (execution output). */
    public String text(String path) {
        return call("GET", path, null).body();
    }

    /** Opens a server-sent event stream of the stream service; the caller closes the body. */
    public HttpResponse<InputStream> stream(String path) {
        return transport.open(request(settings.streamUrl(), "GET", path, null, true));
    }

    private HttpRequest request(URI base, String method, String path, JsonNode body, boolean streaming) {
        HttpRequest.Builder b = HttpRequest.newBuilder(ClientSettings.endpoint(base, path));
        if (streaming) {
            b.header("Accept", "text/event-stream");
        } else {
            b.timeout(Transport.REQUEST_TIMEOUT).header("Accept", "application/json");
        }
        credentials.header().ifPresent(h -> b.header(h.name(), h.value()));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        return b.build();
    }

    private String hint() {
        return credentials.header().isPresent()
                ? "; log in again with: reflex login <user>"
                : "; log in with: reflex login <user> (or set REFLEX_AUTH_TOKEN or REFLEX_API_KEY)";
    }

    /** One path segment, percent-encoded (names may hold spaces, slashes or colons). */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
