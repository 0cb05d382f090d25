package io.reflex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.reflex.cli.client.ClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Resource definitions given as files (YAML or JSON: YAML reads both), as {@code st2 <resource> create} takes them. */
final class ResourceFiles {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ResourceFiles() {}

    /** @throws ClientException (usage) for a missing file or one that is not a YAML/JSON object */
    static JsonNode read(Path file) {
        try {
            JsonNode doc = YAML.readTree(Files.readString(file));
            if (doc == null || !doc.isObject()) {
                throw ClientException.usage(file + ": expected a YAML or JSON object");
            }
            return doc;
        } catch (NoSuchFileException e) {
            throw ClientException.usage(file + ": no such file");
        } catch (IOException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? j.getOriginalMessage()
                    : e.getMessage();
            throw ClientException.usage(file + ": " + why);
        }
    }
}
