package io.reflex.cli;

import io.reflex.cli.client.ClientConfigFile;
import io.reflex.cli.client.ClientSettings;
import io.reflex.cli.client.TokenCache;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where a client command connects and as whom: the options every client command takes. */
final class ClientOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(
            names = "--api-url",
            paramLabel = "URL",
            description = "API URL (default: $REFLEX_API_URL, $ST2_API_URL, [api] url, http://127.0.0.1:9101)")
    String apiUrl;

    @Option(
            names = "--auth-url",
            paramLabel = "URL",
            description = "auth URL (default: $REFLEX_AUTH_URL, $ST2_AUTH_URL, [auth] url, http://127.0.0.1:9100)")
    String authUrl;

    @Option(
            names = "--stream-url",
            paramLabel = "URL",
            description =
                    "stream URL (default: $REFLEX_STREAM_URL, $ST2_STREAM_URL, [stream] url, http://127.0.0.1:9102)")
    String streamUrl;

    @Option(
            names = {"-t", "--token"},
            paramLabel = "TOKEN",
            description = "auth token (default: $REFLEX_AUTH_TOKEN, $ST2_AUTH_TOKEN, the cached login)")
    String token;

    @Option(
            names = "--api-key",
            paramLabel = "KEY",
            description = "API key (default: $REFLEX_API_KEY, $ST2_API_KEY, [credentials] api_key)")
    String apiKey;

    @Option(
            names = "--config-file",
            paramLabel = "FILE",
            description = "client configuration (default: $REFLEX_CLI_CONFIG, $ST2_CONFIG_FILE, ~/.reflex/config)")
    Path configFile;

    CliEnv cli() {
        return ((Reflex) mixee.root().userObject()).cli();
    }

    Path configPath() {
        return ClientSettings.configFile(configFile, cli().env(), cli().home());
    }

    ClientSettings settings() {
        return ClientSettings.resolve(
                new ClientSettings.Overrides(apiUrl, authUrl, streamUrl, token, apiKey),
                cli().env(),
                ClientConfigFile.read(configPath()));
    }

    Session open() {
        return new Session(settings(), new TokenCache(cli().reflexDir(), cli().clock()));
    }
}
