package io.reflex.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The topology {@code deploy/local-cluster/run up} built, driven through the same script: its endpoints,
 * SIGKILL and start of one process by name ({@code api-a}, {@code rabbit-2}, {@code zk-1}, …), and which
 * RabbitMQ node leads most work queues and which ZooKeeper server leads the ensemble; the rolling upgrade of
 * one box.
 */
final class LocalCluster {
    static final List<String> SERVICES = List.of(
            "auth",
            "api",
            "stream",
            "rulesengine",
            "actionrunner",
            "notifier",
            "sensorcontainer",
            "gc",
            "workflowengine");

    final Path script;
    final Path dir;
    final int base;

    LocalCluster(Path script, Path dir, int base) {
        this.script = script;
        this.dir = dir;
        this.base = base;
    }

    String nginx() {
        return "http://127.0.0.1:" + (base + 80);
    }

    String storeUri() {
        return "postgresql://postgres@127.0.0.1:5432/reflex_cluster";
    }

    Path packs() {
        return dir.resolve("shared").resolve("packs");
    }

    void kill(String process) throws IOException, InterruptedException {
        run(List.of("kill", process));
    }

    void start(String process) throws IOException, InterruptedException {
        run(List.of("start", process));
    }

    /**
     * Rolling upgrade of one box through the script ({@code upgrade <box> <release>}): drains its services,
     * starts them again as {@code release}, each healthy before it returns.
     *
     * @return the script's log lines (which process drained in how long, any that had to be SIGKILLed)
     * @throws IllegalStateException when a service did not exit within its grace or did not come back
     */
    String upgrade(String box, String release) throws IOException, InterruptedException {
        String out = script(List.of("upgrade", box, release), 900);
        System.err.print(out);
        return out;
    }

    /** The process ({@code api-a}, …) whose PID file holds {@code pid}, if any. */
    Optional<String> processOf(String pid) throws IOException {
        for (String box : List.of("a", "b")) {
            for (String service : SERVICES) {
                Path pidFile = dir.resolve("pids").resolve(service + "-" + box);
                if (Files.exists(pidFile) && Files.readString(pidFile).strip().equals(pid)) {
                    return Optional.of(service + "-" + box);
                }
            }
        }
        return Optional.empty();
    }

    /** {@code http://127.0.0.1:<port>} of one service process, e.g. {@code auth-a}, as the script places it. */
    String url(String process) {
        String service = process.substring(0, process.lastIndexOf('-'));
        int offset = process.endsWith("-a") ? 50 : 60;
        return "http://127.0.0.1:" + (base + offset + SERVICES.indexOf(service));
    }

    /** Whether nginx is installed (the script installs it when it builds the cluster). */
    boolean hasNginx() throws IOException, InterruptedException {
        return output(List.of("bash", "-c", "command -v nginx || echo none"))
                .strip()
                .startsWith("/");
    }

    /** The process ({@code sensorcontainer-a}, …) among {@code pids}, by the script's PID files. */
    Optional<String> sensorContainer(List<String> pids) throws IOException {
        for (String box : List.of("a", "b")) {
            Path pidFile = dir.resolve("pids").resolve("sensorcontainer-" + box);
            if (Files.exists(pidFile) && pids.contains(Files.readString(pidFile).strip())) {
                return Optional.of("sensorcontainer-" + box);
            }
        }
        return Optional.empty();
    }

    /** The RabbitMQ node ({@code rabbit-N}) leading most of the cluster's quorum queues. */
    String rabbitLeader() throws IOException, InterruptedException {
        Map<String, Integer> byNode = new HashMap<>();
        for (int n = 1; n <= 3; n++) {
            String out = output(List.of(
                    "/usr/sbin/rabbitmqctl",
                    "-q",
                    "-n",
                    "reflexlc" + n + "@localhost",
                    "list_queues",
                    "name",
                    "type",
                    "leader",
                    "--no-table-headers"));
            for (String line : out.lines().toList()) {
                String[] cols = line.trim().split("\\s+");
                if (cols.length == 3 && cols[1].equals("quorum")) {
                    byNode.merge(cols[2], 1, Integer::sum);
                }
            }
            if (!byNode.isEmpty()) {
                break;
            }
        }
        String node = byNode.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse("reflexlc1@localhost");
        return "rabbit-" + node.replaceAll("^reflexlc(\\d+)@.*$", "$1");
    }

    /** The ZooKeeper server ({@code zk-N}) that leads the ensemble. */
    String zooKeeperLeader() throws IOException, InterruptedException {
        String status = output(List.of("bash", script.toString(), "zk-modes"));
        for (String line : status.lines().toList()) {
            if (line.endsWith("=leader")) {
                return line.substring(0, line.indexOf('='));
            }
        }
        return "zk-1";
    }

    /**
     * Runs the script with {@code args}; a command that fails (e.g. a restarted nginx that cannot bind its port)
     * ends the fault with its output, instead of a row measured on a topology that is not what it says.
     */
    private void run(List<String> args) throws IOException, InterruptedException {
        String out = script(args, 600);
        if (!out.isBlank()) {
            System.err.print(out);
        }
    }

    /** The script's output for {@code args}; throws with it when the script fails or outlasts {@code seconds}. */
    private String script(List<String> args, long seconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(args);
        Process p = process(command);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("deploy/local-cluster/run " + String.join(" ", args) + " failed:\n" + out);
        }
        return out;
    }

    private Process process(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("REFLEX_CLUSTER_DIR", dir.toString());
        pb.environment().put("REFLEX_CLUSTER_PORT_BASE", String.valueOf(base));
        return pb.start();
    }

    private String output(List<String> command) throws IOException, InterruptedException {
        Process p = process(command);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(600, TimeUnit.SECONDS);
        return out;
    }
}
