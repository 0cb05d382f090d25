package io.reflex.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.reflex.web.BodyTypes;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteOriginsTest {
    @Test
    void originsCompareBySchemeHostAndPortWithDefaultPortsLeftOut() {
        assertThat(WriteOrigins.originOf("HTTPS://St2.Example.com:443/api/v1")).contains("https://st2.example.com");
        assertThat(WriteOrigins.originOf("http://127.0.0.1:3000/#/actions")).contains("http://127.0.0.1:3000");
        assertThat(WriteOrigins.originOf("http://[::1]:80")).contains("http://[::1]");
        assertThat(WriteOrigins.originOf("null")).isEmpty();
        assertThat(WriteOrigins.originOf("not a url")).isEmpty();
    }

    @Test
    void credentialHeadersAreMatchedInAnyCaseAndTheDefaultsCannotBeDropped() {
        CredentialHeaders h = CredentialHeaders.withExtra(" X-Gateway-Key ,, ");
        assertThat(h.isCredential("authorization")).isTrue();
        assertThat(h.isCredential("PROXY-AUTHORIZATION")).isTrue();
        assertThat(h.isCredential("set-cookie")).isTrue();
        assertThat(h.isCredential("x-gateway-key")).isTrue();
        assertThat(h.isCredential("X-Github-Event")).isFalse();
        assertThat(h.names()).containsAll(List.of("cookie", "x-auth-token", "st2-api-key"));
    }

    @Test
    void jsonMediaTypesIncludeParametersAndPlusJsonButNotTextPlain() {
        assertThat(BodyTypes.isJson(BodyTypes.mediaType("Application/JSON; charset=utf-8")))
                .isTrue();
        assertThat(BodyTypes.isJson(BodyTypes.mediaType("application/merge-patch+json")))
                .isTrue();
        assertThat(BodyTypes.isJson(BodyTypes.mediaType("text/plain"))).isFalse();
        assertThat(BodyTypes.isJson(BodyTypes.mediaType("text/json+json"))).isFalse();
        assertThat(BodyTypes.isJson(BodyTypes.mediaType(null))).isFalse();
    }
}
