package io.reflex.cli;

import io.reflex.auth.AuthService;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigException;
import io.reflex.runtime.config.ConfigKey;
import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.config.ConfigLoader;
import io.reflex.runtime.service.Service;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * Checks what a deployment file names against the code: the services {@code reflex service} knows, the
 * command line the {@code reflex} command parses, the configuration keys and environment variables the
 * configuration loader accepts, and the port each service listens on. Every check records a problem naming
 * the file instead of throwing, so one test run lists everything that is wrong.
 */
final class DeploymentCheck {
    /** The margin a stop timeout must leave beyond {@code shutdown.grace}. */
    static final Duration STOP_MARGIN = Duration.ofSeconds(10);

    private static final Pattern SECONDS = Pattern.compile("(\\d+)s?");

    final List<String> problems = new ArrayList<>();

    /** The service names, from the services {@code reflex service NAME} runs. */
    static Set<String> services() {
        return Services.all().stream().map(Service::name).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The environment variables Reflex reads: one per configuration key, and the config file's. */
    static Set<String> environment() {
        Set<String> out = ConfigKeys.all().stream().map(ConfigKey::envVar).collect(Collectors.toSet());
        out.add(ConfigLoader.CONFIG_ENV);
        out.add(AuthService.ADMIN_PASSWORD_ENV);
        return out;
    }

    /** A {@code reflex service} command line as it reaches the {@code reflex} command. */
    record ServiceLine(String service, String configFile, Map<String, String> sets) {}

    /** Parses {@code args} as the {@code reflex} command does; null (and a problem) unless it runs a service. */
    ServiceLine serviceCommand(String where, List<String> args) {
        CommandLine.ParseResult parsed;
        try {
            parsed = Reflex.commandLine(CliEnv.system()).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            problems.add(where + ": reflex " + String.join(" ", args) + ": " + e.getMessage());
            return null;
        }
        if (!parsed.hasSubcommand() || !(parsed.subcommand().commandSpec().userObject() instanceof ServiceCommand c)) {
            problems.add(where + ": reflex " + String.join(" ", args) + " does not run a service");
            return null;
        }
        if (!services().contains(c.name)) {
            problems.add(where + ": no service '" + c.name + "'; services: " + services());
            return null;
        }
        Map<String, String> sets = new LinkedHashMap<>();
        for (String s : c.options.sets) {
            var kv = ConfigLoader.parseAssignment(s);
            sets.put(kv.getKey(), kv.getValue());
        }
        return new ServiceLine(c.name, c.options.config == null ? null : c.options.config.toString(), sets);
    }

    /** Loads {@code file} with {@code env} and {@code flags} as a service would; null (and a problem) if refused. */
    Config config(String where, Path file, Map<String, String> env, Map<String, String> flags) {
        try {
            return ConfigLoader.load(file, env, flags);
        } catch (ConfigException e) {
            problems.add(where + ": " + e.getMessage());
            return null;
        }
    }

    void environment(String where, Iterable<String> names) {
        for (String name : names) {
            if (name.startsWith("REFLEX_") && !environment().contains(name)) {
                problems.add(where + ": environment variable " + name + " is no configuration key's");
            }
        }
    }

    /** {@code port} must be the one {@code service} listens on with {@code config}. */
    void port(String where, Config config, String service, int port) {
        if (!services().contains(service)) {
            problems.add(where + ": no service '" + service + "'");
            return;
        }
        int actual = config.get(ConfigKeys.service(service).port());
        if (actual != port) {
            problems.add(where + ": port " + port + " for " + service + ", which listens on " + actual);
        }
    }

    /** A stop timeout must let a draining service use all of {@code shutdown.grace}, plus a margin. */
    void stopTimeout(String where, Config config, Duration timeout) {
        Duration grace = config.get(ConfigKeys.SHUTDOWN_GRACE);
        if (timeout.compareTo(grace.plus(STOP_MARGIN)) < 0) {
            problems.add(where + ": stop timeout " + timeout.toSeconds() + "s is less than shutdown.grace ("
                    + grace.toSeconds() + "s) + " + STOP_MARGIN.toSeconds() + "s");
        }
    }

    void require(boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }

    /** {@code 45}, {@code 45s}: seconds. */
    Duration seconds(String where, String text) {
        Matcher m = SECONDS.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            problems.add(where + ": '" + text + "' is not a number of seconds");
            return Duration.ZERO;
        }
        return Duration.ofSeconds(Long.parseLong(m.group(1)));
    }
}
