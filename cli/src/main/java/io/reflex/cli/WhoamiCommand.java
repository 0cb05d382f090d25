package io.reflex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "whoami",
        mixinStandardHelpOptions = true,
        description = "Show who the API takes you for (GET /api/v1/user): user, how you authenticated, roles.",
        footer = {"", "Examples:", "  reflex whoami", "  reflex whoami --json"})
final class WhoamiCommand extends ClientCommand {
    @Mixin
    OutputOptions output;

    @Override
    int run(Session session) {
        JsonNode user = session.api().get("/user");
        output.output(out(), cli())
                .record(
                        user,
                        output.columns(List.of(
                                "username",
                                "authentication.method",
                                "authentication.location",
                                "authentication.token_expire",
                                "rbac.enabled",
                                "rbac.roles",
                                "rbac.is_admin")),
                        output.chosen());
        return 0;
    }
}
