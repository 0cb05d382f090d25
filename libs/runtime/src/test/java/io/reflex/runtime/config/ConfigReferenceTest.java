package io.reflex.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is the rendering of ConfigKeys: adding a key without regenerating it fails the build. */
class ConfigReferenceTest {
    private static final Path DOC = Path.of("..", "..", "docs", "configuration.md");

    @Test
    void theCheckedInReferenceListsEveryKeyAsTheCodeDefinesIt() throws Exception {
        String rendered = ConfigReference.render(ConfigKeys.all());
        if (Boolean.getBoolean("reflex.update_docs")) {
            Files.createDirectories(DOC.getParent());
            Files.writeString(DOC, rendered, StandardCharsets.UTF_8);
        }
        assertThat(DOC).as("docs/configuration.md exists").exists();
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as("docs/configuration.md is out of date; regenerate it with ./mvnw -pl libs/runtime test"
                        + " -Dtest=ConfigReferenceTest -Dreflex.update_docs=true")
                .isEqualTo(rendered);
    }

    @Test
    void everyKeyAppearsWithItsEnvironmentVariableAndAcceptedValues() {
        String rendered = ConfigReference.render(ConfigKeys.all());
        for (ConfigKey<?> k : ConfigKeys.all()) {
            assertThat(rendered).contains("| `" + k.name() + "` | `" + k.envVar() + "` |");
        }
        assertThat(rendered)
                .contains("## store")
                .contains("URI: `mongodb:`, `mongodb+srv:`, `postgresql:`, `postgres:`, `embedded:`")
                .contains("`text`, `json`");
    }
}
