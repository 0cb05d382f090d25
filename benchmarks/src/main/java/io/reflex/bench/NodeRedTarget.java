package io.reflex.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Node-RED from the npm scratch folder with a user directory, settings and flow file of its own on a loopback
 * port, the editor off: {@code http in} → {@code http response}, and {@code http in} → {@code exec true} →
 * {@code http response}. A request is completed when it got the 200, sent after the flow's last node; nothing
 * is stored.
 */
final class NodeRedTarget implements CompareTarget {
    private final NpmScratch npm;
    private final ScratchProcess process;
    private final String base;
    private final CompareLoad load = new CompareLoad();

    private NodeRedTarget(NpmScratch npm, ScratchProcess process, String base) {
        this.npm = npm;
        this.process = process;
        this.base = base;
    }

    static NodeRedTarget start(NpmScratch npm, Path dir, Duration startup) throws Exception {
        int port = ScratchProcess.freePort();
        Files.writeString(dir.resolve("flows.json"), FLOWS);
        Files.writeString(dir.resolve("settings.js"), """
                module.exports = {
                    uiHost: "127.0.0.1",
                    uiPort: %d,
                    flowFile: "flows.json",
                    credentialSecret: false,
                    disableEditor: true,
                    logging: {console: {level: "warn", metrics: false, audit: false}}
                };
                """.formatted(port));
        ScratchProcess p = ScratchProcess.start(
                "node-red",
                List.of(
                        npm.node(),
                        npm.module("node-red").resolve("red.js").toString(),
                        "--settings",
                        dir.resolve("settings.js").toString(),
                        "--userDir",
                        dir.toString()),
                dir,
                Map.of("HOME", dir.toString()));
        try {
            String base = "http://127.0.0.1:" + port;
            p.awaitHttp(base + "/", startup);
            return new NodeRedTarget(npm, p, base);
        } catch (Exception | Error e) {
            p.close();
            throw e;
        }
    }

    /** Exec mode (not spawn): its first output carries the message on once the command exited. */
    static final String FLOWS = """
            [
             {"id": "benchtab", "type": "tab", "label": "bench"},
             {"id": "noopin", "type": "http in", "z": "benchtab", "url": "/bench-noop", "method": "post",
              "wires": [["noopout"]]},
             {"id": "noopout", "type": "http response", "z": "benchtab", "statusCode": "200", "wires": []},
             {"id": "shellin", "type": "http in", "z": "benchtab", "url": "/bench-shell", "method": "post",
              "wires": [["shellexec"]]},
             {"id": "shellexec", "type": "exec", "z": "benchtab", "command": "true", "addpay": "", "append": "",
              "useSpawn": "false", "timer": "", "oldrc": false, "wires": [["shellout"], [], []]},
             {"id": "shellout", "type": "http response", "z": "benchtab", "statusCode": "200", "wires": []}
            ]
            """;

    @Override
    public String name() {
        return "Node-RED";
    }

    @Override
    public String version() {
        return npm.version("node-red") + " (Node.js " + npm.nodeVersion() + ")";
    }

    @Override
    public String setup() {
        return "`node-red` with its own user directory and flow file, editor off; `http in` → `http response`, or"
                + " `http in` → `exec` (`true`, exec mode) → `http response`";
    }

    @Override
    public String completedMeans() {
        return "the 200 answer, sent by `http response` after the last node (the exec node's command exited);"
                + " nothing is stored, a crash loses what is in flight";
    }

    @Override
    public CompareBatch run(CompareWorkload w, int count, double rate, int clients, Duration limit) throws Exception {
        CompareLoad.Sent sent =
                load.send(base + "/bench-" + w.slug, Map.of(), UUID.randomUUID().toString(), count, rate, clients);
        return CompareBatch.fromAnswers(sent, 200);
    }

    @Override
    public void close() throws Exception {
        process.close();
    }
}
