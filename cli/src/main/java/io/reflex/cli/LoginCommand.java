package io.reflex.cli;

import io.reflex.cli.client.ClientConfigFile;
import io.reflex.cli.client.ClientException;
import io.reflex.cli.client.TokenCache;
import io.reflex.core.json.Timestamps;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = {
            "Log in and cache a token for the commands that follow.",
            "The token from the auth service is cached in ~/.reflex/token-<user> (mode 0600), where every command finds it until it expires. The user becomes [credentials] username in the client configuration. The password is asked for when not given."
        },
        footer = {
            "",
            "Examples:",
            "  reflex login st2admin",
            "  reflex login st2admin --password 'Passw0rd!' --ttl 3600",
            "  echo \"$PASSWORD\" | reflex login ops"
        })
final class LoginCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "USER", description = "user name")
    String user;

    @Option(
            names = {"-p", "--password"},
            paramLabel = "PASSWORD",
            description = "password (asked for when absent; read from standard input when it is not a terminal)")
    String password;

    @Option(names = "--ttl", paramLabel = "SECONDS", description = "token lifetime (default: the server's)")
    Long ttl;

    @Option(
            names = {"-w", "--write-password"},
            description = "also store the password in the client configuration (to renew tokens unattended)")
    boolean writePassword;

    @Override
    int run(Session session) {
        TokenCache.Token token = session.auth().login(user, password != null ? password : askPassword(), ttl);
        boolean cached = session.settings().cacheToken();
        if (cached) {
            session.tokens().write(token);
        }
        Path config = client.configPath();
        ClientConfigFile.set(config, "credentials", "username", user);
        if (writePassword) {
            ClientConfigFile.set(config, "credentials", "password", password != null ? password : "");
        }
        out().println("Logged in as " + token.user() + " (token expires " + Timestamps.format(token.expiry()) + ").");
        if (cached) {
            out().println("Token cached in " + session.tokens().file(token.user()) + ".");
        } else {
            out().println("Token (not cached: [cli] cache_token = false): " + token.token());
        }
        return 0;
    }

    private String askPassword() {
        Console console = System.console();
        if (cli().terminal().tty() && console != null) {
            char[] chars = console.readPassword("Password: ");
            if (chars == null) {
                throw ClientException.usage("no password given");
            }
            password = new String(chars);
            return password;
        }
        try {
            String line = new BufferedReader(new InputStreamReader(cli().stdin(), StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw ClientException.usage("no password given (use --password or pipe it on standard input)");
            }
            password = line;
            return line;
        } catch (IOException e) {
            throw ClientException.usage("cannot read the password: " + e.getMessage());
        }
    }
}
