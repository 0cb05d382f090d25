package io.reflex.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code auth.mode=proxy}: the user named by the proxy header gets a token, but only when the request comes
 * from a trusted address (here 127.0.0.1; requests from 127.0.0.2 are refused). RBAC is on, so tokens for
 * other users are for administrators.
 */
class AuthProxyModeTest {
    @TempDir
    static Path dir;

    static AuthTestServer auth;

    @BeforeAll
    static void start() throws Exception {
        Path rbac = dir.resolve("rbac");
        Files.createDirectories(rbac.resolve("assignments"));
        Files.writeString(rbac.resolve("assignments/bot.yaml"), "username: bot\nroles: [admin]\n");
        Files.writeString(rbac.resolve("assignments/eve.yaml"), "username: eve\nroles: [observer]\n");
        auth = AuthTestServer.start(
                dir,
                Map.of(
                        "auth.mode", "proxy",
                        "auth.proxy_trusted", "127.0.0.1, ::1",
                        "auth.admin_password", "unused-here",
                        "rbac.enable", "true"),
                Map.of());
    }

    @AfterAll
    static void stop() {
        auth.close();
    }

    @Test
    void aTrustedProxysUserGetsAToken() {
        var r = auth.send("POST", "/auth/v1/tokens", "{}", "X-Forwarded-User", "alice");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("user").asText()).isEqualTo("alice");
    }

    @Test
    void aTrustedProxyMayPassTheBasicUserNameAsStackStormAllows() {
        var r = auth.send("POST", "/auth/v1/tokens", null, "Authorization", AuthTestServer.basic("bob", "anything"));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("user").asText()).isEqualTo("bob");
    }

    @Test
    void withoutAUserEvenATrustedProxyGets401() {
        var r = auth.send("POST", "/auth/v1/tokens", null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.faultstring()).isEqualTo("Invalid or missing credentials");
    }

    @Test
    void theHeaderFromAnUntrustedAddressIsIgnored() throws IOException {
        String response = postFrom("127.0.0.2", "X-Forwarded-User: alice\r\n");
        assertThat(response).startsWith("HTTP/1.1 401");
        assertThat(response).contains("Invalid or missing credentials");
    }

    @Test
    void onlyAdministratorsMayMintTokensForOthersWithRbacOn() {
        var bot = auth.send("POST", "/auth/v1/tokens", "{\"user\": \"alice\"}", "X-Forwarded-User", "bot");
        assertThat(bot.status()).isEqualTo(201);
        assertThat(bot.json().get("user").asText()).isEqualTo("alice");
        var eve = auth.send("POST", "/auth/v1/tokens", "{\"user\": \"alice\"}", "X-Forwarded-User", "eve");
        assertThat(eve.status()).isEqualTo(400);
        var admin = auth.send("POST", "/auth/v1/tokens", "{\"user\": \"alice\"}", "X-Forwarded-User", "st2admin");
        assertThat(admin.status()).isEqualTo(201);
    }

    /** A raw HTTP/1.1 POST sent from {@code localAddress} (a loopback alias), returning the whole response. */
    private static String postFrom(String localAddress, String extraHeaders) throws IOException {
        URI base = URI.create(auth.base());
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(localAddress, 0));
            s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /auth/v1/tokens HTTP/1.1\r\nHost: " + base.getHost() + "\r\n" + extraHeaders
                            + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
