package io.reflex.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * HTTP for the client commands, over {@link HttpClient}: every failure becomes a one-line {@link
 * ClientException} — the server's {@code faultstring} and status for an error answer, "cannot connect"
 * for a server that is not there. Blocks the calling thread.
 */
public final class Transport {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    private final HttpClient http;

    public Transport() {
        this(HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build());
    }

    public Transport(HttpClient http) {
        this.http = http;
    }

    /** An answer with a 2xx status. */
    public record Response(int status, java.net.http.HttpHeaders headers, String body) {
        /** The body as JSON; null when it is empty. */
        public JsonNode json() {
            if (body.isBlank()) {
                return null;
            }
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new ClientException("the server answered with malformed JSON: " + e.getMessage(), 1);
            }
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }
    }

    /** Sends {@code request} and returns its answer when its status is 2xx. */
    public Response send(HttpRequest request) {
        HttpResponse<String> r = exchange(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() / 100 != 2) {
            throw failure(request, r.statusCode(), r.body());
        }
        return new Response(r.statusCode(), r.headers(), r.body());
    }

    /** Opens a streamed answer (server-sent events); the caller closes the body. */
    public HttpResponse<InputStream> open(HttpRequest request) {
        HttpResponse<InputStream> r = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() / 100 != 2) {
            String body;
            try (InputStream in = r.body()) {
                body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = "";
            }
            throw failure(request, r.statusCode(), body);
        }
        return r;
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted", ExitCodes.FAILED);
        } catch (IOException | UnresolvedAddressException e) {
            throw unreachable(request.uri(), e);
        }
    }

    static ClientException unreachable(URI uri, Exception e) {
        String server = uri.getScheme() + "://" + uri.getAuthority();
        String why;
        if (e instanceof HttpConnectTimeoutException) {
            why = "connection timed out";
        } else if (e instanceof HttpTimeoutException) {
            why = "no answer in time";
        } else if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            why = "connection refused";
        } else if (e instanceof UnresolvedAddressException) {
            why = "unknown host";
        } else {
            why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new ClientException("cannot reach " + server + " (" + why + ")", ExitCodes.UNAVAILABLE);
    }

    static ClientException failure(HttpRequest request, int status, String body) {
        String message = faultstring(body).orElseGet(() -> firstLine(body));
        String where = request.method() + " " + request.uri().getPath();
        String text = (message.isEmpty() ? "request failed" : message) + " (HTTP " + status + ", " + where + ")";
        return new ClientException(text, ExitCodes.ofHttpStatus(status), status);
    }

    private static Optional<String> faultstring(String body) {
        try {
            JsonNode json = Json.mapper().readTree(body);
            return Optional.ofNullable(json)
                    .map(j -> j.get("faultstring"))
                    .filter(JsonNode::isTextual)
                    .map(JsonNode::asText);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String firstLine(String body) {
        String s = body == null ? "" : body.strip();
        int nl = s.indexOf('\n');
        s = nl < 0 ? s : s.substring(0, nl);
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
