package io.reflex.cli;

import java.util.List;
import picocli.CommandLine.Command;

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
    static final class ListSensors extends ResourceCommands.ListOfPacks {
        ListSensors() {
            super(COLLECTION, COLUMNS);
        }
    }

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "Show one sensor.",
            footer = {"", "Examples:", "  reflex sensor get examples.TickSensor --json"})
    static final class Get extends ResourceCommands.Get {
        Get() {
            super(COLLECTION);
        }
    }

    @Command(
            name = "enable",
            mixinStandardHelpOptions = true,
            description = "Enable a sensor: the sensor container starts it.",
            footer = {"", "Examples:", "  reflex sensor enable examples.TickSensor"})
    static final class Enable extends ResourceCommands.Toggle {
        Enable() {
            super(COLLECTION, true);
        }
    }

    @Command(
            name = "disable",
            mixinStandardHelpOptions = true,
            description = "Disable a sensor: the sensor container stops it.",
            footer = {"", "Examples:", "  reflex sensor disable examples.TickSensor"})
    static final class Disable extends ResourceCommands.Toggle {
        Disable() {
            super(COLLECTION, false);
        }
    }
}
