package io.reflex.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * n8n from the npm scratch folder: a user folder of its own (SQLite, the default database), its own loopback
 * port, one webhook-triggered workflow per workload imported and published through n8n's CLI before it
 * starts. The webhook answers when the workflow's last node finished; a request is completed when it got
 * that 200 and, counted after the batch, as many executions of the workflow are stored {@code success}.
 */
final class N8nTarget implements CompareTarget {
    private static final Duration CLI_LIMIT = Duration.ofMinutes(5);

    private final NpmScratch npm;
    private final Path dir;
    private final Map<String, String> env;
    private final ScratchProcess process;
    private final String base;
    private final CompareLoad load = new CompareLoad();

    private N8nTarget(NpmScratch npm, Path dir, Map<String, String> env, ScratchProcess process, String base) {
        this.npm = npm;
        this.dir = dir;
        this.env = env;
        this.process = process;
        this.base = base;
    }

    static N8nTarget start(NpmScratch npm, Path dir, Duration startup) throws Exception {
        int port = ScratchProcess.freePort();
        Map<String, String> env = environment(dir, port);
        Path workflows = dir.resolve("workflows.json");
        Files.writeString(workflows, workflowsJson());
        cli(npm, dir, env, "import", "import:workflow", "--input=" + workflows);
        for (CompareWorkload w : CompareWorkload.values()) {
            try {
                cli(npm, dir, env, "publish-" + w.slug, "publish:workflow", "--id=" + workflowId(w));
            } catch (IllegalStateException e) {
                // Before publishing existed, a workflow was activated instead.
                cli(npm, dir, env, "activate-" + w.slug, "update:workflow", "--id=" + workflowId(w), "--active=true");
            }
        }
        ScratchProcess p = ScratchProcess.start(
                "n8n", List.of(npm.node(), npm.module("n8n").resolve("bin/n8n").toString(), "start"), dir, env);
        try {
            p.awaitHttp("http://127.0.0.1:" + port + "/healthz", startup);
            // n8n registers the published workflows' webhooks after it starts listening.
            for (CompareWorkload w : CompareWorkload.values()) {
                p.awaitPost("http://127.0.0.1:" + port + "/webhook/bench-" + w.slug, startup);
            }
            return new N8nTarget(npm, dir, env, p, "http://127.0.0.1:" + port);
        } catch (Exception | Error e) {
            p.close();
            throw e;
        }
    }

    private static Map<String, String> environment(Path dir, int port) {
        Map<String, String> env = new HashMap<>();
        env.put("N8N_USER_FOLDER", dir.toString());
        env.put("HOME", dir.toString());
        env.put("N8N_PORT", Integer.toString(port));
        env.put("N8N_LISTEN_ADDRESS", "127.0.0.1");
        env.put("N8N_HOST", "127.0.0.1");
        env.put("N8N_DIAGNOSTICS_ENABLED", "false");
        env.put("N8N_VERSION_NOTIFICATIONS_ENABLED", "false");
        env.put("N8N_TEMPLATES_ENABLED", "false");
        env.put("N8N_PERSONALIZATION_ENABLED", "false");
        env.put("N8N_LOG_LEVEL", "warn");
        // The Execute Command node is off by default since n8n 2.0; the shell workload needs it.
        env.put("NODES_EXCLUDE", "[]");
        // Every execution stays stored, so the count of finished ones is exact.
        env.put("EXECUTIONS_DATA_PRUNE", "false");
        env.put("N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS", "false");
        return env;
    }

    private static String cli(NpmScratch npm, Path dir, Map<String, String> env, String log, String... args)
            throws Exception {
        List<String> command = new ArrayList<>(
                List.of(npm.node(), npm.module("n8n").resolve("bin/n8n").toString()));
        command.addAll(List.of(args));
        return ScratchProcess.runToEnd("n8n-" + log, command, dir, env, CLI_LIMIT);
    }

    /** n8n workflow ids are 16 characters. */
    static String workflowId(CompareWorkload w) {
        return ("bench" + w.slug + "00000000000").substring(0, 16);
    }

    /** The two workflows, as n8n's import takes them: Webhook (answers after the last node) → NoOp or Execute Command. */
    static String workflowsJson() {
        List<String> all = new ArrayList<>();
        for (CompareWorkload w : CompareWorkload.values()) {
            String work =
                    w == CompareWorkload.NOOP ? """
                      {"id": "%s", "name": "Work", "type": "n8n-nodes-base.noOp", "typeVersion": 1,
                       "position": [220, 0], "parameters": {}}""".formatted(UUID.randomUUID()) : """
                      {"id": "%s", "name": "Work", "type": "n8n-nodes-base.executeCommand", "typeVersion": 1,
                       "position": [220, 0], "parameters": {"command": "true"}}""".formatted(UUID.randomUUID());
            all.add("""
                    {"id": "%s", "name": "bench-%s", "active": false, "settings": {"executionOrder": "v1"},
                     "nodes": [
                      {"id": "%s", "name": "Webhook", "type": "n8n-nodes-base.webhook", "typeVersion": 2,
                       "position": [0, 0], "webhookId": "%s",
                       "parameters": {"httpMethod": "POST", "path": "bench-%s", "responseMode": "lastNode",
                                      "options": {}}},
                      %s],
                     "connections": {"Webhook": {"main": [[{"node": "Work", "type": "main", "index": 0}]]}}}""".formatted(workflowId(w), w.slug, UUID.randomUUID(), UUID.randomUUID(), w.slug, work));
        }
        return "[" + String.join(",\n", all) + "]\n";
    }

    @Override
    public String name() {
        return "n8n";
    }

    @Override
    public String version() {
        return npm.version("n8n") + " (Node.js " + npm.nodeVersion() + ")";
    }

    @Override
    public String setup() {
        return "`n8n start` (regular execution mode, SQLite in its own user folder, execution pruning off); workflow"
                + " Webhook (respond when the last node finishes) → No Operation, or → Execute Command `true`";
    }

    @Override
    public String completedMeans() {
        return "the webhook answered 200 after the workflow's last node ran, capped by the number of executions"
                + " of that workflow stored with status `success` after the batch (counted in its SQLite file)";
    }

    @Override
    public CompareBatch run(CompareWorkload w, int count, double rate, int clients, Duration limit) throws Exception {
        long before = storedSuccesses(w);
        CompareLoad.Sent sent = load.send(
                base + "/webhook/bench-" + w.slug, Map.of(), UUID.randomUUID().toString(), count, rate, clients);
        CompareBatch answered = CompareBatch.fromAnswers(sent, 200);
        // Finished executions may be stored just after the answer: wait a little for the count to settle.
        long stored = storedSuccesses(w) - before;
        for (int i = 0; i < 30 && stored < answered.completed(); i++) {
            Thread.sleep(1000);
            stored = storedSuccesses(w) - before;
        }
        return answered.atMost((int) stored);
    }

    /** Executions of the workload's workflow stored with status success, read from n8n's SQLite file. */
    private long storedSuccesses(CompareWorkload w) throws Exception {
        String script = "const {DatabaseSync} = require('node:sqlite');"
                + "const db = new DatabaseSync(process.argv[1], {readOnly: true});"
                + "const r = db.prepare(\"select count(*) as c from execution_entity where workflowId = ?"
                + " and status = 'success'\").get(process.argv[2]);"
                + "console.log('stored=' + r.c);";
        String out = ScratchProcess.runToEnd(
                "n8n-count",
                List.of(
                        npm.node(),
                        "-e",
                        script,
                        dir.resolve(".n8n/database.sqlite").toString(),
                        workflowId(w)),
                dir,
                env,
                Duration.ofSeconds(60));
        return storedCount(out);
    }

    /** The number after {@code stored=} in the counting script's output (warnings may come first). */
    static long storedCount(String output) {
        return output.lines()
                .filter(l -> l.startsWith("stored="))
                .mapToLong(l -> Long.parseLong(l.substring("stored=".length()).strip()))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no count in: " + output));
    }

    @Override
    public void close() throws Exception {
        process.close();
    }
}
