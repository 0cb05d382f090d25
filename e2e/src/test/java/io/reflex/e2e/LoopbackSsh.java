package io.reflex.e2e;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SSH server (Apache MINA SSHD) on loopback in the test JVM, which the runner process reaches over
 * TCP: one user with a password and one accepted public key; commands run by the local shell; SFTP for
 * script uploads.
 */
final class LoopbackSsh implements AutoCloseable {
    static final String USER = "reflex";
    static final String PASSWORD = "e2e-pass-" + Long.toHexString(System.nanoTime());

    private final SshServer server;
    private final KeyPair clientKey;

    private LoopbackSsh(SshServer server, KeyPair clientKey) {
        this.server = server;
        this.clientKey = clientKey;
    }

    static LoopbackSsh start(Path dir) throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair clientKey = gen.generateKeyPair();
        PublicKey allowed = clientKey.getPublic();
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(dir.resolve("ssh-host-key.ser")));
        sshd.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        sshd.setPublickeyAuthenticator((user, key, session) -> USER.equals(user) && key.equals(allowed));
        sshd.setCommandFactory(ProcessShellCommandFactory.INSTANCE);
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.start();
        return new LoopbackSsh(sshd, clientKey);
    }

    /** {@code 127.0.0.1:<port>}, as an action's {@code hosts} parameter names it. */
    String host() {
        return "127.0.0.1:" + server.getPort();
    }

    /** The private key the server accepts for {@link #USER}, PEM (PKCS#8). */
    String clientKeyPem() {
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(clientKey.getPrivate().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
    }

    @Override
    public void close() throws Exception {
        server.stop(true);
    }
}
