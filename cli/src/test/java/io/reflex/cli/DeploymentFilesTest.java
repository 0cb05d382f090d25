package io.reflex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.reflex.runtime.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files of deploy/ (systemd units, the Compose file, the Kubernetes manifests, nginx) name only
 * services, commands, configuration keys, environment variables and ports that exist, and give every
 * service the stop timeout, restart policy, probes and disruption budget docs/deployment.md promises.
 */
class DeploymentFilesTest {
    private static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern UPSTREAM = Pattern.compile("upstream\\s+reflex_(\\w+)\\s*\\{([^}]*)}");
    private static final Pattern SERVER = Pattern.compile("server\\s+([\\w.-]+):(\\d+)");

    @TempDir
    Path tmp;

    @Test
    void systemdHasOneDrainingRestartingUnitPerServiceRunningARealCommand() throws IOException {
        DeploymentCheck check = new DeploymentCheck();
        Set<String> units = new TreeSet<>();
        try (Stream<Path> files = Files.list(DEPLOY.resolve("systemd"))) {
            for (Path unit :
                    files.filter(f -> f.toString().endsWith(".service")).toList()) {
                units.add(unit.getFileName().toString());
                checkUnit(check, unit);
            }
        }
        Set<String> expected = new TreeSet<>();
        DeploymentCheck.services().forEach(s -> expected.add("reflex-" + s + ".service"));
        assertThat(units).isEqualTo(expected);
        Map<String, List<String>> target = ini(DEPLOY.resolve("systemd/reflex.target"));
        assertThat(new TreeSet<>(words(target.get("Unit.Wants")))).isEqualTo(expected);
        assertThat(check.problems).isEmpty();
    }

    private void checkUnit(DeploymentCheck check, Path unit) throws IOException {
        String where = "deploy/systemd/" + unit.getFileName();
        Map<String, List<String>> ini = ini(unit);
        Map<String, String> env = new HashMap<>();
        for (String e : ini.getOrDefault("Service.Environment", List.of())) {
            env.put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        }
        check.environment(where, env.keySet());
        List<String> exec = new ArrayList<>();
        for (String w : words(ini.get("Service.ExecStart"))) {
            exec.addAll(w.startsWith("$") ? words(List.of(env.getOrDefault(w.substring(1), ""))) : List.of(w));
        }
        DeploymentCheck.ServiceLine line = check.serviceCommand(where, afterJar(check, where, exec));
        if (line == null) {
            return;
        }
        check.require(
                unit.getFileName().toString().equals("reflex-" + line.service() + ".service"),
                where + " runs " + line.service());
        check.require(
                "/etc/reflex/reflex.yaml".equals(line.configFile()),
                where + ": --config must be /etc/reflex/reflex.yaml (deploy/systemd/reflex.yaml)");
        Config config = check.config(where, DEPLOY.resolve("systemd/reflex.yaml"), env, line.sets());
        if (config == null) {
            return;
        }
        check.stopTimeout(where, config, check.seconds(where, first(ini, "Service.TimeoutStopSec")));
        check.require(
                List.of("always", "on-failure").contains(first(ini, "Service.Restart")),
                where + ": Restart= must be always or on-failure");
        check.require(
                words(ini.get("Service.SuccessExitStatus")).contains("143"),
                where + ": SuccessExitStatus= must count 143 (stopped by SIGTERM after draining)");
        check.require(
                "mixed".equals(first(ini, "Service.KillMode")),
                where + ": KillMode=mixed, so SIGTERM reaches the JVM only and running actions are drained");
    }

    @Test
    void composeRunsEveryServiceReplicatedWithRealCommandsPortsAndBackends() throws IOException {
        DeploymentCheck check = new DeploymentCheck();
        Path dir = DEPLOY.resolve("compose");
        JsonNode compose = YAML.readTree(dir.resolve("compose.yaml").toFile());
        JsonNode services = compose.path("services");
        Set<String> reflex = new TreeSet<>();
        Map<String, Config> configs = new HashMap<>();
        for (var e : services.properties()) {
            String where = "deploy/compose/compose.yaml services." + e.getKey();
            JsonNode s = e.getValue();
            s.path("depends_on")
                    .fieldNames()
                    .forEachRemaining(d -> check.require(services.has(d), where + ": no " + d));
            for (JsonNode v : s.path("volumes")) {
                String source = v.asText().split(":")[0];
                boolean bind = source.startsWith(".");
                check.require(
                        bind
                                ? Files.exists(dir.resolve(source))
                                : compose.path("volumes").has(source),
                        where + ": volume " + source + " does not exist");
            }
            if (!s.path("image").asText().startsWith("reflex:")) {
                continue;
            }
            reflex.add(e.getKey());
            List<String> args = new ArrayList<>();
            s.path("command").forEach(a -> args.add(a.asText()));
            DeploymentCheck.ServiceLine line = check.serviceCommand(where, args);
            if (line == null) {
                continue;
            }
            check.require(e.getKey().equals(line.service()), where + " runs " + line.service());
            Map<String, String> env = new HashMap<>();
            s.path("environment")
                    .properties()
                    .forEach(p -> env.put(p.getKey(), p.getValue().asText()));
            check.environment(where, env.keySet());
            Config config = check.config(where, mounted(check, where, dir, s, line.configFile()), env, line.sets());
            if (config == null) {
                continue;
            }
            configs.put(line.service(), config);
            check.port(
                    where + " healthcheck",
                    config,
                    line.service(),
                    urlPort(s.path("healthcheck").path("test")));
            check.stopTimeout(
                    where,
                    config,
                    check.seconds(where, s.path("stop_grace_period").asText()));
            check.require(s.path("deploy").path("replicas").asInt(1) >= 2, where + ": fewer than 2 replicas");
        }
        assertThat(reflex).isEqualTo(DeploymentCheck.services());
        checkUpstreams(check, dir.resolve("nginx.conf"), configs, services::has);
        assertThat(check.problems).isEmpty();
    }

    @Test
    void kubernetesDeploysEveryServiceReplicatedWithProbesDrainAndDisruptionBudget() throws IOException {
        DeploymentCheck check = new DeploymentCheck();
        List<JsonNode> docs = YAML.readValues(
                        YAML.getFactory()
                                .createParser(
                                        DEPLOY.resolve("kubernetes/reflex.yaml").toFile()),
                        JsonNode.class)
                .readAll();
        Map<String, JsonNode> configMaps = new HashMap<>();
        Map<String, JsonNode> budgets = new HashMap<>();
        Map<String, Integer> servicePorts = new HashMap<>();
        for (JsonNode d : docs) {
            String name = d.path("metadata").path("name").asText();
            switch (d.path("kind").asText()) {
                case "ConfigMap" -> configMaps.put(name, d.path("data"));
                case "PodDisruptionBudget" -> budgets.put(name, d.path("spec"));
                case "Service" ->
                    servicePorts.put(
                            name,
                            d.path("spec").path("ports").path(0).path("port").asInt());
                default -> {}
            }
        }
        Set<String> deployed = new TreeSet<>();
        Map<String, Config> configs = new HashMap<>();
        for (JsonNode d : docs) {
            if (d.path("kind").asText().equals("Deployment")) {
                String service = checkDeployment(check, d, configMaps, budgets, configs);
                deployed.add(service);
            }
        }
        assertThat(deployed).isEqualTo(DeploymentCheck.services());
        servicePorts.forEach((name, port) -> {
            String service = name.replaceFirst("^reflex-", "");
            Config config = configs.get(service);
            check.require(config != null, "deploy/kubernetes Service " + name + ": no Deployment of " + service);
            if (config != null) {
                check.port("deploy/kubernetes Service " + name, config, service, port);
            }
        });
        assertThat(check.problems).isEmpty();
    }

    /** @return the service the Deployment runs */
    private String checkDeployment(
            DeploymentCheck check,
            JsonNode d,
            Map<String, JsonNode> configMaps,
            Map<String, JsonNode> budgets,
            Map<String, Config> configs)
            throws IOException {
        String name = d.path("metadata").path("name").asText();
        String where = "deploy/kubernetes Deployment " + name;
        JsonNode spec = d.path("spec");
        JsonNode pod = spec.path("template").path("spec");
        JsonNode container = pod.path("containers").path(0);
        check.require(spec.path("replicas").asInt(1) >= 2, where + ": a singleton (fewer than 2 replicas)");
        check.require(
                spec.path("selector")
                        .path("matchLabels")
                        .equals(pick(
                                spec.path("template").path("metadata").path("labels"),
                                spec.path("selector").path("matchLabels"))),
                where + ": selector does not match the pod labels");
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText()));
        DeploymentCheck.ServiceLine line = check.serviceCommand(where, args);
        if (line == null) {
            return name;
        }
        Path file = configMapFile(check, where, pod, container, configMaps, line.configFile());
        Map<String, String> env = new HashMap<>();
        container
                .path("env")
                .forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        check.environment(where, env.keySet());
        Config config = file == null ? null : check.config(where, file, env, line.sets());
        if (config == null) {
            return line.service();
        }
        configs.put(line.service(), config);
        JsonNode readiness = container.path("readinessProbe").path("httpGet");
        check.require(readiness.path("path").asText().equals("/healthz"), where + ": readiness is not GET /healthz");
        check.port(
                where + " readinessProbe",
                config,
                line.service(),
                readiness.path("port").asInt());
        check.port(
                where + " containerPort",
                config,
                line.service(),
                container.path("ports").path(0).path("containerPort").asInt());
        JsonNode preStop =
                container.path("lifecycle").path("preStop").path("exec").path("command");
        check.require(preStop.size() == 2 && preStop.path(0).asText().equals("sleep"), where + ": no preStop pause");
        Duration pause = check.seconds(where, preStop.path(1).asText());
        check.stopTimeout(
                where,
                config,
                check.seconds(where, pod.path("terminationGracePeriodSeconds").asText())
                        .minus(pause));
        JsonNode budget = budgets.get(name);
        check.require(budget != null, where + ": no PodDisruptionBudget " + name);
        if (budget != null) {
            check.require(budget.path("selector").equals(spec.path("selector")), where + ": budget selects other pods");
            int unavailable = budget.path("maxUnavailable").asInt(0);
            int available = budget.path("minAvailable").asInt(0);
            check.require(
                    (unavailable >= 1 && unavailable < spec.path("replicas").asInt()) || available >= 1,
                    where + ": the budget must keep a replica up and allow one to go");
        }
        return line.service();
    }

    @Test
    void nginxUpstreamsNameServicesOnTheirPorts() throws IOException {
        DeploymentCheck check = new DeploymentCheck();
        Config defaults = check.config("defaults", null, Map.of(), Map.of());
        Map<String, Config> configs = new HashMap<>();
        DeploymentCheck.services().forEach(s -> configs.put(s, defaults));
        checkUpstreams(check, DEPLOY.resolve("nginx/reflex.conf"), configs, host -> host.equals("127.0.0.1"));
        String locations = Files.readString(DEPLOY.resolve("nginx/reflex-locations.conf"));
        for (String upstream : List.of("reflex_api", "reflex_auth", "reflex_stream")) {
            check.require(locations.contains("http://" + upstream + "/"), "reflex-locations.conf: no " + upstream);
        }
        assertThat(check.problems).isEmpty();
    }

    @Test
    void dockerImageRunsTheBuiltCli() throws IOException {
        DeploymentCheck check = new DeploymentCheck();
        String dockerfile = Files.readString(DEPLOY.resolve("docker/Dockerfile"));
        Matcher entry = Pattern.compile("(?m)^ENTRYPOINT\\s+(\\[.*])").matcher(dockerfile);
        assertThat(entry.find()).isTrue();
        List<String> command = new ArrayList<>();
        YAML.readTree(entry.group(1)).forEach(w -> command.add(w.asText()));
        String jar = command.get(command.indexOf("-jar") + 1);
        String finalName = finalName();
        assertThat(dockerfile).contains("COPY cli/target/" + finalName + ".jar " + jar);
        assertThat(dockerfile).contains("COPY cli/target/lib " + Path.of(jar).getParent() + "/lib");
        assertThat(afterJar(check, "Dockerfile", command)).isEmpty();
        assertThat(check.problems).isEmpty();
    }

    /** What would make a deployment file wrong is reported: the checks above cannot pass on anything. */
    @Test
    void checksReportUnknownServicesCommandsKeysEnvironmentPortsAndShortStopTimeouts() throws IOException {
        DeploymentCheck check = new DeploymentCheck();
        assertThat(check.serviceCommand("a", List.of("service", "timers", "--config", "x")))
                .isNull();
        assertThat(check.serviceCommand("b", List.of("serve", "api"))).isNull();
        assertThat(check.serviceCommand("c", List.of("service", "api", "--conf", "x")))
                .isNull();
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "store:\n  url: postgresql://db/reflex\n");
        assertThat(check.config("d", bad, Map.of(), Map.of())).isNull();
        check.environment("e", List.of("REFLEX_API_PROT", "JAVA_OPTS", "REFLEX_API_PORT"));
        Config defaults = check.config("defaults", null, Map.of(), Map.of());
        check.port("f", defaults, "api", 9001);
        check.port("g", defaults, "scheduler", 9101);
        check.stopTimeout("h", defaults, Duration.ofSeconds(30));
        assertThat(check.problems)
                .hasSize(8)
                .anySatisfy(p -> assertThat(p).startsWith("a: no service 'timers'"))
                .anySatisfy(p -> assertThat(p).startsWith("b: reflex serve api"))
                .anySatisfy(p -> assertThat(p).startsWith("c: reflex service api --conf x"))
                .anySatisfy(p -> assertThat(p).startsWith("d: ").contains("store.url"))
                .anySatisfy(p ->
                        assertThat(p).isEqualTo("e: environment variable REFLEX_API_PROT is no configuration key's"))
                .anySatisfy(p -> assertThat(p).isEqualTo("f: port 9001 for api, which listens on 9101"))
                .anySatisfy(p -> assertThat(p).isEqualTo("g: no service 'scheduler'"))
                .anySatisfy(
                        p -> assertThat(p).startsWith("h: stop timeout 30s is less than shutdown.grace (30s) + 10s"));
    }

    // --- readers ---------------------------------------------------------------------------------------

    /** A systemd unit: "Section.Key" to its values in order (continuation lines joined, comments dropped). */
    static Map<String, List<String>> ini(Path file) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String section = "";
        String text = Files.readString(file).replaceAll("\\\\\\n\\s*", " ");
        for (String raw : text.lines().toList()) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                section = line.substring(1, line.indexOf(']'));
            } else {
                int eq = line.indexOf('=');
                out.computeIfAbsent(section + "." + line.substring(0, eq).strip(), k -> new ArrayList<>())
                        .add(line.substring(eq + 1).strip());
            }
        }
        return out;
    }

    private static List<String> words(List<String> values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            values.forEach(v -> out.addAll(List.of(v.strip().split("\\s+"))));
        }
        out.removeIf(String::isEmpty);
        return out;
    }

    private static String first(Map<String, List<String>> ini, String key) {
        List<String> v = ini.get(key);
        return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
    }

    /** The arguments after {@code java … -jar <the CLI's jar>}. */
    private static List<String> afterJar(DeploymentCheck check, String where, List<String> command) throws IOException {
        int jar = command.indexOf("-jar");
        String jarName = finalName() + ".jar";
        if (command.isEmpty()
                || !Path.of(command.get(0)).getFileName().toString().equals("java")
                || jar < 0
                || jar + 1 >= command.size()
                || !Path.of(command.get(jar + 1)).getFileName().toString().equals(jarName)) {
            check.problems.add(where + ": " + command + " is not java -jar …/" + jarName);
            return List.of();
        }
        return command.subList(jar + 2, command.size());
    }

    /** The name the cli module's build gives its jar. */
    private static String finalName() throws IOException {
        Matcher m = Pattern.compile("<finalName>([^<]+)</finalName>")
                .matcher(Files.readString(DEPLOY.resolveSibling("cli").resolve("pom.xml")));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** The host file a Compose service mounts at {@code path}. */
    private static Path mounted(DeploymentCheck check, String where, Path dir, JsonNode service, String path) {
        for (JsonNode v : service.path("volumes")) {
            String[] parts = v.asText().split(":");
            if (parts.length >= 2 && parts[1].equals(path)) {
                return dir.resolve(parts[0]);
            }
        }
        check.problems.add(where + ": " + path + " is not mounted");
        return null;
    }

    /** The file a ConfigMap volume provides at {@code path}, written to a temporary file. */
    private Path configMapFile(
            DeploymentCheck check,
            String where,
            JsonNode pod,
            JsonNode container,
            Map<String, JsonNode> configMaps,
            String path)
            throws IOException {
        for (JsonNode mount : container.path("volumeMounts")) {
            String dir = mount.path("mountPath").asText();
            if (path != null && path.startsWith(dir + "/")) {
                for (JsonNode volume : pod.path("volumes")) {
                    if (volume.path("name").equals(mount.path("name"))) {
                        JsonNode data = configMaps.get(
                                volume.path("configMap").path("name").asText());
                        String key = path.substring(dir.length() + 1);
                        if (data != null && data.has(key)) {
                            return Files.writeString(
                                    Files.createTempFile(tmp, "configmap", ".yaml"),
                                    data.path(key).asText());
                        }
                    }
                }
            }
        }
        check.problems.add(where + ": no ConfigMap provides " + path);
        return null;
    }

    private static JsonNode pick(JsonNode labels, JsonNode keys) {
        var out = YAML.createObjectNode();
        keys.fieldNames().forEachRemaining(k -> out.set(k, labels.path(k)));
        return out;
    }

    private static int urlPort(JsonNode healthcheck) {
        for (JsonNode w : healthcheck) {
            Matcher m = Pattern.compile("^https?://[^/:]+:(\\d+)/healthz$").matcher(w.asText());
            if (m.matches()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return -1;
    }

    /** Each {@code upstream reflex_<service>} names that service, on hosts that run it, on its port. */
    private static void checkUpstreams(
            DeploymentCheck check, Path conf, Map<String, Config> configs, java.util.function.Predicate<String> host)
            throws IOException {
        String where = "deploy/" + DEPLOY.relativize(conf);
        Matcher u = UPSTREAM.matcher(Files.readString(conf));
        int upstreams = 0;
        while (u.find()) {
            upstreams++;
            String service = u.group(1);
            Config config = configs.get(service);
            if (config == null) {
                check.problems.add(where + ": upstream reflex_" + service + " names no service");
                continue;
            }
            Matcher s = SERVER.matcher(u.group(2));
            while (s.find()) {
                check.require(host.test(s.group(1)), where + ": " + s.group(1) + " runs nothing");
                check.port(where + " upstream reflex_" + service, config, service, Integer.parseInt(s.group(2)));
            }
        }
        check.require(upstreams == 3, where + ": expected upstreams reflex_api, reflex_auth, reflex_stream");
    }
}
