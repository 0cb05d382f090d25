package io.reflex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflex.cli.client.ApiClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "sensor",
        mixinStandardHelpOptions = true,
        description = "List, inspect, enable and disable sensors.",
        subcommands = {
            SensorCommand.ListSensors.class,
            SensorCommand.Get.class,
            SensorCommand.Enable.class,
            SensorCommand.Disable.class
        },
        footer = {"", "Examples:", "  reflex sensor list --pack examples", "  reflex sensor disable examples.TickSensor"
        })
final class SensorCommand {
    static final List<String> COLUMNS = List.of("ref", "pack", "description", "enabled");
    static final String COLLECTION = "/sensortypes";

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List sensors.",
            footer = {"", "Examples:", "  reflex sensor list", "  reflex sensor list --pack examples"})
    static final class ListSensors extends ClientCommand {
        @Option(
                names = {"-p", "--pack"},
                paramLabel = "PACK",
                description = "only sensors of this pack")
        String pack;

        @Mixin
        OutputOptions output;

        @Override
        int run(Session session) {
            JsonNode items = session.api().get(COLLECTION + Query.of().add("pack", pack));
            output.output(out(), cli()).list(items, output.columns(COLUMNS), output.chosen());
            return 0;
        }
    }

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "Show one sensor.",
            footer = {"", "Examples:", "  reflex sensor get examples.TickSensor --json"})
    static final class Get extends ClientCommand {
        @Parameters(index = "0", paramLabel = "REF", description = "sensor reference or id")
        String ref;

        @Mixin
        OutputOptions output;

        @Override
        int run(Session session) {
            JsonNode sensor = session.api().get(COLLECTION + "/" + ApiClient.segment(ref));
            output.output(out(), cli()).record(sensor, output.attributes, output.chosen());
            return 0;
        }
    }

    @Command(
            name = "enable",
            mixinStandardHelpOptions = true,
            description = "Enable a sensor: the sensor container starts it.",
            footer = {"", "Examples:", "  reflex sensor enable examples.TickSensor"})
    static final class Enable extends EnableToggle {
        Enable() {
            super(COLLECTION, true);
        }
    }

    @Command(
            name = "disable",
            mixinStandardHelpOptions = true,
            description = "Disable a sensor: the sensor container stops it.",
            footer = {"", "Examples:", "  reflex sensor disable examples.TickSensor"})
    static final class Disable extends EnableToggle {
        Disable() {
            super(COLLECTION, false);
        }
    }
}
