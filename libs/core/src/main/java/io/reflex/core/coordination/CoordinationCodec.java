package io.reflex.core.coordination;

import com.fasterxml.jackson.core.type.TypeReference;
import io.reflex.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How adapters write coordination data into a backend. User-given names (locks, groups, member ids) are free
 * text such as {@code pack.sensor/one:two}; as key parts or path segments they are percent-encoded, all but
 * {@code [A-Za-z0-9_.-]}, so a separator inside a name cannot make two names share a key or nest a node.
 * Member capabilities are stored as a JSON object of strings.
 */
public final class CoordinationCodec {
    private static final Logger log = LoggerFactory.getLogger(CoordinationCodec.class);
    private static final TypeReference<Map<String, String>> CAPABILITIES = new TypeReference<>() {};

    private CoordinationCodec() {}

    /** @throws IllegalArgumentException when {@code name} is null or empty */
    public static String encodeName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name must not be empty");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte raw : name.getBytes(StandardCharsets.UTF_8)) {
            int b = raw & 0xff;
            boolean plain = (b >= 'a' && b <= 'z')
                    || (b >= 'A' && b <= 'Z')
                    || (b >= '0' && b <= '9')
                    || b == '_'
                    || b == '-'
                    || b == '.';
            if (plain) {
                out.write(b);
            } else {
                out.writeBytes(String.format("%%%02X", b).getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    public static String decodeName(String encoded) {
        return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    }

    /** Null stands for no capabilities. */
    public static String writeCapabilities(Map<String, String> capabilities) {
        return Json.write(capabilities == null ? Map.of() : capabilities);
    }

    /**
     * Reads what {@link #writeCapabilities} wrote; null or empty is none. Lenient: a member that cannot be read
     * is still a member, so an unreadable value is logged and read as none.
     */
    public static Map<String, String> readCapabilities(String json) {
        return json == null ? Map.of() : readCapabilities(json.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #readCapabilities(String)} for the UTF-8 bytes of the JSON. */
    public static Map<String, String> readCapabilities(byte[] json) {
        if (json == null || json.length == 0) {
            return Map.of();
        }
        try {
            return Json.mapper().readValue(json, CAPABILITIES);
        } catch (IOException e) {
            log.warn("unreadable member capabilities error={}", e.toString());
            return Map.of();
        }
    }
}
