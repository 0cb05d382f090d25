package io.reflex.cli;

import io.reflex.cli.client.ClientException;
import io.reflex.cli.output.Output;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Option;

/** How a read command prints: a table (default), {@code --json} or {@code --yaml}; {@code -a} picks attributes. */
final class OutputOptions {
    @Option(names = "--json", description = "print the API's JSON")
    boolean json;

    @Option(names = "--yaml", description = "print the API's JSON as YAML")
    boolean yaml;

    @Option(
            names = {"-a", "--attr"},
            paramLabel = "ATTR",
            split = ",",
            description = "attributes to show, dotted for nested ones (e.g. -a id,action.ref,status)")
    List<String> attributes = List.of();

    Output output(PrintWriter out, CliEnv cli) {
        if (json && yaml) {
            throw ClientException.usage("--json and --yaml cannot be used together");
        }
        Output.Format format = json ? Output.Format.JSON : yaml ? Output.Format.YAML : Output.Format.TABLE;
        return new Output(out, format, cli.terminal());
    }

    boolean chosen() {
        return !attributes.isEmpty();
    }

    /** The chosen attributes, else {@code defaults}. */
    List<String> columns(List<String> defaults) {
        return chosen() ? attributes : defaults;
    }
}
