package io.reflex.cli;

import io.reflex.runtime.service.ServiceRunner;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "service",
        mixinStandardHelpOptions = true,
        description = "Run one service as its own process (the multi-process, multi-node deployment).",
        footer = {
            "",
            "Examples:",
            "  reflex service api --config /etc/reflex/reflex.yaml",
            "  REFLEX_STORE_URI=mongodb://db1,db2,db3/?replicaSet=rs0 reflex service actionrunner --set actionrunner.port=0"
        })
final class ServiceCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "NAME",
            description = "api, auth, stream, rulesengine, actionrunner, notifier, sensorcontainer or gc")
    String name;

    @Mixin
    RunOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        return ServiceRunner.run(List.of(Services.named(name)), options.toArgs(), System.err, running -> {
            running.endpoints()
                    .forEach(e -> out.println(e.service() + " listening on " + e.url() + " (" + e.description() + ")"));
            out.flush();
        });
    }
}
