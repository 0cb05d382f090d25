package io.reflex.auth;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First start: makes sure the administrator account exists in the htpasswd file. Its password is the one
 * the operator gave ({@code auth.admin_password}, {@code REFLEX_AUTH_ADMIN_PASSWORD} or
 * {@code REFLEX_ADMIN_PASSWORD}), never logged; otherwise one is generated, stored in
 * {@code <data_dir>/admin-password} with mode 0600 and printed once on {@code out}. An existing account is
 * never touched, so a later password change by the operator (with {@code htpasswd}) sticks.
 */
final class AdminAccount {
    static final String PASSWORD_FILE = "admin-password";

    private static final Logger log = LoggerFactory.getLogger(AdminAccount.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What {@link #ensure} found or did.
     *
     * @param passwordFile the file holding a generated password, when there is one
     */
    record Outcome(String user, boolean created, Optional<Path> passwordFile) {
        /** How {@code reflex up} tells where the password is, or "" when there is nothing to tell. */
        String announcement() {
            return passwordFile
                    .map(f -> "; password of " + user + " (generated on first start) in " + f)
                    .orElse("");
        }
    }

    private AdminAccount() {}

    static Outcome ensure(HtpasswdFile users, String user, Optional<String> given, Path dataDir, PrintStream out) {
        Path passwordFile = dataDir.resolve(PASSWORD_FILE);
        Optional<Path> existingFile = Files.isRegularFile(passwordFile) ? Optional.of(passwordFile) : Optional.empty();
        if (users.contains(user)) {
            log.info("admin account present user={} htpasswd={}", user, users.path());
            return new Outcome(user, false, existingFile);
        }
        if (given.isPresent()) {
            users.add(user, PasswordHashes.bcrypt(given.get()));
            log.info("admin account created user={} htpasswd={} password=configured", user, users.path());
            return new Outcome(user, true, Optional.empty());
        }
        String password = generate();
        write(passwordFile, password);
        users.add(user, PasswordHashes.bcrypt(password));
        log.info(
                "admin account created user={} htpasswd={} password=generated password_file={}",
                user,
                users.path(),
                passwordFile);
        out.println("reflex auth: created the administrator account '" + user + "' with the generated password "
                + password + " (stored in " + passwordFile + ", mode 0600; shown only this once)");
        out.flush();
        return new Outcome(user, true, Optional.of(passwordFile));
    }

    /** 144 random bits as 24 URL-safe characters. */
    static String generate() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static void write(Path file, String password) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".admin-password", ".tmp");
            HtpasswdFile.ownerOnly(tmp);
            Files.writeString(tmp, password + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
