package io.reflex.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The expected ciphertexts below were derived independently of this code, with the OpenSSL command line:
 * {@code openssl enc -aes-<bits>-cbc -K <aes hex> -iv <iv hex>} for the body and
 * {@code openssl dgst -sha1 -mac HMAC -macopt hexkey:<hmac hex>} over {@code "00000" + iv + body}. The
 * other direction was checked by running StackStorm's {@code symmetric_decrypt} on this class's output.
 */
class DatastoreCipherTest {
    /** StackStorm's sample key, conf/st2_kvstore_demo.crypto.key.json (AES-128). */
    static final String DEMO_KEY = "{\"hmacKey\": {\"hmacKeyString\": \"685EWJ8U2U_c3Ulv9ibB6aa0Y9aYm-0bCwe2mqjLJuw\","
            + " \"size\": 256}, \"aesKeyString\": \"eKGFrfNEUhAgX0uofaU1wQ\", \"mode\": \"CBC\", \"size\": 128}";

    /** AES key bytes 0x00..0x1f, HMAC key bytes 0x20..0x3f (AES-256). */
    static final CryptoKey KEY_256 = new CryptoKey(
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
            "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8",
            256,
            "CBC",
            256);

    static final byte[] IV_COUNTING = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    static final byte[] IV_DESCENDING = HexFormat.of().parseHex("f0e0d0c0b0a090807060504030201000");

    final DatastoreCipher demo = new DatastoreCipher(CryptoKey.fromJson(DEMO_KEY));
    final DatastoreCipher cipher256 = new DatastoreCipher(KEY_256);

    @Test
    void encryptsLikeStackStormWithItsDemoKey() {
        String expected = "3030303030000102030405060708090A0B0C0D0E0F5C943CA258BD1859B15C45E3F1C65631C9F62FD14855767250"
                + "8F2194F5F944CC7D4B5FA0E6BC269189F261D2E16048A982874778";
        assertThat(demo.encrypt("correct horse battery staple", IV_COUNTING)).isEqualTo(expected);
        assertThat(demo.decrypt(expected)).isEqualTo("correct horse battery staple");
    }

    @Test
    void decryptsAValueWrittenByStackStormsOwnCode() {
        // Produced by st2common/util/crypto.py symmetric_encrypt (random IV) with the demo key.
        String fromSt2 = "30303030305A8AEC1010A6D8573F00678268FA923E296DF93ADA8F4A5623A805B029E00423B576FB9D1D6FED3BDA"
                + "581289C896CF0E1D2A6833";
        assertThat(demo.decrypt(fromSt2)).isEqualTo("from st2 ✓");
    }

    @Test
    void encryptsUtf8TextWithA256BitKey() {
        String expected = "3030303030F0E0D0C0B0A090807060504030201000842522F571EB7B34E94ED19E511F77C855E42E56F27D946B2"
                + "E2B3BD4C239E61BCBB8B1BE";
        assertThat(cipher256.encrypt("pässwörd ✓", IV_DESCENDING)).isEqualTo(expected);
        assertThat(cipher256.decrypt(expected)).isEqualTo("pässwörd ✓");
    }

    @Test
    void aWholeBlockOfPlaintextGetsAFullBlockOfPadding() {
        String expected = "3030303030F0E0D0C0B0A0908070605040302010007E87929FAE07012C810D8C1DC5559C84E1B3EE7727D90B1E"
                + "04582FAC30EABC951499ABAAEC98E824EBFEE9AFBC902601B641574B";
        assertThat(cipher256.encrypt("0123456789abcdef", IV_DESCENDING)).isEqualTo(expected);
    }

    @Test
    void theEmptyStringRoundTrips() {
        String expected = "3030303030F0E0D0C0B0A0908070605040302010006DC2FA6C9D4838492909DCF4DD49909745776CA58F1D8927"
                + "05600B5206B9750C43B40F93";
        assertThat(cipher256.encrypt("", IV_DESCENDING)).isEqualTo(expected);
        assertThat(cipher256.decrypt(expected)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3cr3t", "", "a longer value with spaces, quotes \" and newlines\n", "日本語"})
    void randomIvRoundTripsAndNeverRepeats(String plaintext) {
        String a = demo.encrypt(plaintext);
        String b = demo.encrypt(plaintext);
        assertThat(a).isNotEqualTo(b).matches("^[0-9A-F]+$").startsWith("3030303030");
        assertThat(demo.decrypt(a)).isEqualTo(plaintext);
        assertThat(demo.decrypt(b.toLowerCase())).isEqualTo(plaintext);
    }

    @Test
    void everyTamperedByteIsDetected() {
        String good = demo.encrypt("payload that must not change", IV_COUNTING);
        for (int i = 0; i < good.length(); i += 2) {
            char c = good.charAt(i);
            String flipped = good.substring(0, i) + (c == 'A' ? 'B' : 'A') + good.substring(i + 1);
            assertThatThrownBy(() -> demo.decrypt(flipped)).as("byte %d", i / 2).isInstanceOf(CryptoException.class);
        }
    }

    @Test
    void aValueFromAnotherKeyIsRejectedBeforeDecrypting() {
        String other = cipher256.encrypt("x");
        assertThatThrownBy(() -> demo.decrypt(other)).hasMessageContaining("signature does not match");
        assertThat(demo.verifies(other)).isFalse();
        assertThat(cipher256.verifies(other)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ABC", "XYZ0", "30303030300001", "********"})
    void malformedCiphertextsAreRejected(String text) {
        assertThatThrownBy(() -> demo.decrypt(text))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("Invalid");
    }

    @Test
    void aForeignHeaderIsAcceptedWhenTheSignatureCoversIt() throws Exception {
        // keyczar itself wrote a version byte and a key hash as the header; only the HMAC decides.
        byte[] iv = IV_COUNTING;
        var aes = javax.crypto.Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(
                javax.crypto.Cipher.ENCRYPT_MODE,
                new javax.crypto.spec.SecretKeySpec(demo.key().aesKey(), "AES"),
                new javax.crypto.spec.IvParameterSpec(iv));
        byte[] body = aes.doFinal("legacy".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var msg = java.nio.ByteBuffer.allocate(5 + 16 + body.length);
        msg.put(new byte[] {0, 1, 2, 3, 4}).put(iv).put(body);
        var mac = javax.crypto.Mac.getInstance("HmacSHA1");
        mac.init(new javax.crypto.spec.SecretKeySpec(demo.key().hmacKey(), "HmacSHA1"));
        byte[] sig = mac.doFinal(msg.array());
        String text = HexFormat.of().formatHex(msg.array()) + HexFormat.of().formatHex(sig);
        assertThat(demo.decrypt(text)).isEqualTo("legacy");
    }
}
