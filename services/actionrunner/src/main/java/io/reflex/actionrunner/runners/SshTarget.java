package io.reflex.actionrunner.runners;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.actionrunner.runners.Runner.OutputSink;
import io.reflex.actionrunner.runners.Runner.RunContext;
import io.reflex.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/** One host of a remote run: connect, authenticate, (upload,) execute, collect — never throws. */
final class SshTarget {
    /** Connection settings shared by all hosts of one execution. */
    record Options(
            String user,
            String password,
            String privateKey,
            String passphrase,
            Integer port,
            String bastion,
            String dir) {
        static Options from(RunContext ctx, String defaultUser) {
            return new Options(
                    ctx.runnerString("username", defaultUser),
                    ctx.runnerString("password", ""),
                    ctx.runnerString("private_key", ""),
                    ctx.runnerString("passphrase", ""),
                    ctx.runnerParameters().hasNonNull("port")
                            ? ctx.runnerParameters().get("port").asInt()
                            : null,
                    ctx.runnerString("bastion_host", ""),
                    ctx.runnerString("dir", "/tmp"));
        }
    }

    private final SshClient client;
    private final String host;
    private final int port;
    private final Options options;

    SshTarget(SshClient client, String hostSpec, Options options) {
        this.client = client;
        int colon = hostSpec.lastIndexOf(':');
        boolean hasPort = colon > 0 && hostSpec.indexOf(':') == colon;
        this.host = hasPort ? hostSpec.substring(0, colon) : hostSpec;
        this.port = hasPort
                ? Integer.parseInt(hostSpec.substring(colon + 1))
                : options.port() != null ? options.port() : 22;
        this.options = options;
    }

    ObjectNode run(String command, Path script, Duration timeout, RunContext ctx) {
        ObjectNode r = Json.object();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ClientSession session = connect(timeout)) {
            String remoteScript = null;
            if (script != null) {
                remoteScript = upload(session, script);
            }
            String full = remoteScript == null
                    ? command
                    : "REFLEX_SCRIPT=" + ShellArguments.quote(remoteScript) + "; " + command + "; rc=$?; rm -rf "
                            + ShellArguments.quote(
                                    Path.of(remoteScript).getParent().toString()) + "; exit $rc";
            try (ChannelExec ch = session.createExecChannel(full)) {
                ch.setOut(new Tee(out, "stdout", ctx.output()));
                ch.setErr(new Tee(err, "stderr", ctx.output()));
                ch.open().verify(timeout);
                Set<ClientChannelEvent> events = ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout.toMillis());
                if (!events.contains(ClientChannelEvent.CLOSED)) {
                    ch.close(true);
                    return finish(
                            r, out, err, -9, "Action failed to complete in " + timeout.toSeconds() + " seconds", true);
                }
                Integer code = ch.getExitStatus();
                return finish(r, out, err, code == null ? 255 : code, null, false);
            }
        } catch (Exception e) {
            return finish(r, out, err, 255, "Failed to run on " + host + ":" + port + ": " + e.getMessage(), false);
        }
    }

    private ClientSession connect(Duration timeout) throws Exception {
        HostConfigEntry entry = new HostConfigEntry("", host, port, options.user());
        if (!options.bastion().isBlank()) {
            entry.setProxyJump(options.bastion());
        }
        ClientSession session =
                client.connect(entry, null, null).verify(timeout).getSession();
        if (!options.password().isEmpty()) {
            session.addPasswordIdentity(options.password());
        }
        if (!options.privateKey().isEmpty()) {
            for (KeyPair kp : keys(session)) {
                session.addPublicKeyIdentity(kp);
            }
        }
        session.auth().verify(timeout);
        return session;
    }

    /** {@code private_key} is key material or, for the cmd runner, a path to it. */
    private Iterable<KeyPair> keys(ClientSession session) throws Exception {
        String k = options.privateKey();
        byte[] material = !k.contains("-----BEGIN") && Files.isRegularFile(Path.of(k))
                ? Files.readAllBytes(Path.of(k))
                : k.getBytes(StandardCharsets.UTF_8);
        FilePasswordProvider pw = options.passphrase().isEmpty()
                ? FilePasswordProvider.EMPTY
                : FilePasswordProvider.of(options.passphrase());
        return SecurityUtils.loadKeyPairIdentities(
                session, NamedResource.ofName("private_key"), new ByteArrayInputStream(material), pw);
    }

    private String upload(ClientSession session, Path script) throws Exception {
        String dir = options.dir().replaceAll("/+$", "") + "/reflex-" + UUID.randomUUID();
        String remote = dir + "/" + script.getFileName();
        try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            sftp.mkdir(dir);
            try (OutputStream os = sftp.write(remote)) {
                os.write(Files.readAllBytes(script));
            }
            SftpClient.Attributes attrs = new SftpClient.Attributes();
            attrs.setPermissions(0700);
            sftp.setStat(remote, attrs);
        }
        return remote;
    }

    private static ObjectNode finish(
            ObjectNode r,
            ByteArrayOutputStream out,
            ByteArrayOutputStream err,
            int code,
            String error,
            boolean timedOut) {
        boolean ok = code == 0 && error == null;
        r.set("stdout", LocalShellRunner.decoded(out.toString(StandardCharsets.UTF_8)));
        r.set("stderr", LocalShellRunner.decoded(err.toString(StandardCharsets.UTF_8)));
        r.put("return_code", code);
        r.put("succeeded", ok);
        r.put("failed", !ok);
        if (error != null) {
            r.put("error", error);
        }
        if (timedOut) {
            r.put("timeout", true);
        }
        return r;
    }

    /** Captures a stream and hands each complete line to the output sink as it arrives. */
    private static final class Tee extends OutputStream {
        private final ByteArrayOutputStream capture;
        private final String stream;
        private final OutputSink sink;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Tee(ByteArrayOutputStream capture, String stream, OutputSink sink) {
            this.capture = capture;
            this.stream = stream;
            this.sink = sink;
        }

        @Override
        public synchronized void write(int b) {
            capture.write(b);
            line.write(b);
            if (b == '\n') {
                sink.line(stream, line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
        }

        @Override
        public synchronized void close() {
            if (line.size() > 0) {
                sink.line(stream, line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
        }
    }
}
