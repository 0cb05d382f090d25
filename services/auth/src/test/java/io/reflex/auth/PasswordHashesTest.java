package io.reflex.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Hashes made by other tools (OpenSSL, libxcrypt, StackStorm's own test htpasswd, OpenBSD's bcrypt vectors)
 * verify here, wrong passwords and malformed hashes do not.
 */
class PasswordHashesTest {
    @Test
    void bcryptInEveryVersionHtpasswdWrites() {
        assertThat(PasswordHashes.verify(
                        "bcrypt-secret", "$2y$05$abcdefghijklmnopqrstuuXYfZuHwbW6XD1To6ttcj/6MLZzfG3/a"))
                .isTrue();
        assertThat(PasswordHashes.verify(
                        "bcrypt-secret", "$2b$05$abcdefghijklmnopqrstuuXYfZuHwbW6XD1To6ttcj/6MLZzfG3/a"))
                .isTrue();
        assertThat(PasswordHashes.verify("U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"))
                .isTrue();
        assertThat(PasswordHashes.verify(
                        "bcrypt-secreT", "$2y$05$abcdefghijklmnopqrstuuXYfZuHwbW6XD1To6ttcj/6MLZzfG3/a"))
                .isFalse();
    }

    @Test
    void apacheMd5AndShaAndCryptForms() {
        assertThat(PasswordHashes.verify("apr-secret", "$apr1$Ab3dEf9h$DaaQIQPSWfTQNKYb6NaQo."))
                .isTrue();
        assertThat(PasswordHashes.verify("apr-secreT", "$apr1$Ab3dEf9h$DaaQIQPSWfTQNKYb6NaQo."))
                .isFalse();
        assertThat(PasswordHashes.verify("testp", "{SHA}V1t6eZLxnehb7CTBuj61Nq3lIh4="))
                .isTrue();
        assertThat(PasswordHashes.verify("testP", "{SHA}V1t6eZLxnehb7CTBuj61Nq3lIh4="))
                .isFalse();
        assertThat(PasswordHashes.verify("md5-secret", "$1$xyz$kgPHWPjkB9XO32hayukfr1"))
                .isTrue();
        assertThat(PasswordHashes.verify("sha-secret", "$5$saltsalt$VhJF.H1zUjjLVzmSdchORw9.aauoiTgvAguJ.VC8IL."))
                .isTrue();
        assertThat(PasswordHashes.verify("des-pw", "abHmYwzWPQJxg")).isTrue();
        assertThat(PasswordHashes.verify("des-px", "abHmYwzWPQJxg")).isFalse();
    }

    @Test
    void malformedOrUnknownHashesNeverMatch() {
        assertThat(PasswordHashes.verify("x", "$2y$05$short")).isFalse();
        assertThat(PasswordHashes.verify("x", "$apr1$")).isFalse();
        assertThat(PasswordHashes.verify("plain", "plain")).isFalse();
        assertThat(PasswordHashes.verify("", "")).isFalse();
    }

    @Test
    void newHashesAreBcrypt2yThatVerify() {
        String h = PasswordHashes.bcrypt("fresh password");
        assertThat(h).startsWith("$2y$12$");
        assertThat(PasswordHashes.verify("fresh password", h)).isTrue();
        assertThat(PasswordHashes.verify("fresh passwore", h)).isFalse();
    }
}
