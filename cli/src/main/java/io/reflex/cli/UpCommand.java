package io.reflex.cli;

import io.reflex.runtime.config.ConfigKeys;
import io.reflex.runtime.content.ContentSettings;
import io.reflex.runtime.service.ServiceRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Run every service (api, auth, stream, rulesengine, actionrunner, workflowengine, notifier,",
            "sensorcontainer, gc) in this process, on embedded backends unless configured otherwise. Ctrl-C",
            "stops everything."
        },
        footer = {
            "",
            "Examples:",
            "  reflex up",
            "  reflex up --data-dir /tmp/reflex-demo --set api.port=9201",
            "  REFLEX_BUS_URI=amqp://guest:guest@localhost:5672 reflex up"
        })
final class UpCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        return ServiceRunner.run(Services.all(), options.toArgs(), System.err, running -> {
            out.println();
            out.println("Reflex is up. Data: " + running.config().get(ConfigKeys.DATA_DIR));
            ContentSettings content = ContentSettings.from(running.config());
            out.println("  system packs     "
                    + content.systemPacksDir().map(Object::toString).orElse("(none)") + " (read-only)");
            out.println("  user packs       " + content.packsDir() + " (installs, content written through the API)");
            running.endpoints().forEach(e -> out.printf("  %-16s %-24s %s%n", e.service(), e.url(), e.description()));
            running.endpoints().stream()
                    .filter(e -> e.service().equals("api"))
                    .findFirst()
                    .ifPresent(api -> {
                        out.println("Try: curl " + api.url() + "/healthz    Stop: Ctrl-C");
                        out.println("Try: your first automation (a rule, a webhook, its output): README.md,"
                                + " \"Your first automation\"");
                    });
            out.flush();
        });
    }
}
