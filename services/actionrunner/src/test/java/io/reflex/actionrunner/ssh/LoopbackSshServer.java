package io.reflex.actionrunner.ssh;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SSH server on loopback for tests (Apache MINA SSHD): password and public-key auth for one user,
 * commands run by the local shell, SFTP for script uploads.
 */
public final class LoopbackSshServer implements AutoCloseable {
    public static final String USER = "reflex";
    public static final String PASSWORD = "s3cret-pass";

    private final SshServer server;
    private final KeyPair clientKey;

    private LoopbackSshServer(SshServer server, KeyPair clientKey) {
        this.server = server;
        this.clientKey = clientKey;
    }

    public static LoopbackSshServer start(Path workDir) throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair clientKey = gen.generateKeyPair();
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(workDir.resolve("hostkey.ser")));
        sshd.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        PublicKey allowed = clientKey.getPublic();
        sshd.setPublickeyAuthenticator((user, key, session) -> USER.equals(user) && key.equals(allowed));
        sshd.setCommandFactory(ProcessShellCommandFactory.INSTANCE);
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.start();
        return new LoopbackSshServer(sshd, clientKey);
    }

    public int port() {
        return server.getPort();
    }

    /** The client private key, PEM (PKCS#8), accepted for {@link #USER}. */
    public String clientKeyPem() {
        String b64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(clientKey.getPrivate().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
    }

    public KeyPairProvider hostKeys() {
        return server.getKeyPairProvider();
    }

    @Override
    public void close() throws Exception {
        server.stop(true);
    }
}
