package io.reflex.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML document read safely (no tags, no duplicate keys, bounded aliases) into a JSON tree that
 * remembers where each value stood, so errors can name the line and column. Scalars are typed the YAML
 * 1.1 way StackStorm's loader types them (true/false/yes/no, ints, floats, null).
 */
public final class YamlFile {
    private final String name;
    private final JsonNode root;
    private final Map<String, Mark> positions;

    private YamlFile(String name, JsonNode root, Map<String, Mark> positions) {
        this.name = name;
        this.root = root;
        this.positions = positions;
    }

    /**
     * Parses {@code text}; {@code name} is how errors name the file.
     *
     * @throws ContentException with the line and column of a syntax error
     */
    public static YamlFile parse(String name, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit(8 * 1024 * 1024);
        Node node;
        try {
            node = new Yaml(options).compose(new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            throw new ContentException(new ContentError(
                    name,
                    m == null ? 0 : m.getLine() + 1,
                    m == null ? 0 : m.getColumn() + 1,
                    "invalid YAML: " + problem.trim() + context));
        } catch (YAMLException e) {
            throw new ContentException(ContentError.of(name, "invalid YAML: " + e.getMessage()));
        }
        Map<String, Mark> positions = new HashMap<>();
        JsonNode root = node == null ? JsonNodeFactory.instance.nullNode() : convert(name, node, "", positions);
        return new YamlFile(name, root, positions);
    }

    public String name() {
        return name;
    }

    public JsonNode root() {
        return root;
    }

    /** An error located at the value reached by {@code path} (keys and indexes), or its nearest ancestor. */
    public ContentError errorAt(List<?> path, String message) {
        List<Object> p = new ArrayList<>(path);
        while (true) {
            Mark m = positions.get(pointer(p));
            if (m != null) {
                return new ContentError(name, m.getLine() + 1, m.getColumn() + 1, message);
            }
            if (p.isEmpty()) {
                return ContentError.of(name, message);
            }
            p.remove(p.size() - 1);
        }
    }

    /** An error located at a key (the key's own position, which is where an editor jumps to). */
    public ContentError errorAtKey(List<?> path, String message) {
        Mark m = positions.get(pointer(path) + "#key");
        return m == null ? errorAt(path, message) : new ContentError(name, m.getLine() + 1, m.getColumn() + 1, message);
    }

    static String pointer(List<?> path) {
        StringBuilder sb = new StringBuilder();
        for (Object o : path) {
            sb.append('/').append(String.valueOf(o).replace("~", "~0").replace("/", "~1"));
        }
        return sb.toString();
    }

    private static JsonNode convert(String name, Node node, String ptr, Map<String, Mark> positions) {
        positions.put(ptr, node.getStartMark());
        if (node instanceof MappingNode map) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            for (NodeTuple t : map.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode key)) {
                    Mark m = t.getKeyNode().getStartMark();
                    throw new ContentException(new ContentError(
                            name,
                            m.getLine() + 1,
                            m.getColumn() + 1,
                            "invalid YAML: mapping keys must be plain values"));
                }
                String k = key.getValue();
                if (o.has(k)) {
                    Mark m = key.getStartMark();
                    throw new ContentException(new ContentError(
                            name, m.getLine() + 1, m.getColumn() + 1, "invalid YAML: duplicate key '" + k + "'"));
                }
                String childPtr = ptr + "/" + k.replace("~", "~0").replace("/", "~1");
                positions.put(childPtr + "#key", key.getStartMark());
                o.set(k, convert(name, t.getValueNode(), childPtr, positions));
            }
            return o;
        }
        if (node instanceof SequenceNode seq) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            int i = 0;
            for (Node child : seq.getValue()) {
                a.add(convert(name, child, ptr + "/" + i++, positions));
            }
            return a;
        }
        return scalar(name, (ScalarNode) node);
    }

    private static JsonNode scalar(String name, ScalarNode s) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Tag tag = s.getTag();
        String v = s.getValue();
        try {
            if (Tag.NULL.equals(tag)) {
                return f.nullNode();
            }
            if (Tag.BOOL.equals(tag)) {
                return f.booleanNode(
                        switch (v.toLowerCase(java.util.Locale.ROOT)) {
                            case "true", "yes", "on", "y" -> true;
                            default -> false;
                        });
            }
            if (Tag.INT.equals(tag)) {
                BigInteger n = parseInt(v.replace("_", ""));
                return n.bitLength() < 63 ? f.numberNode(n.longValue()) : f.numberNode(n);
            }
            if (Tag.FLOAT.equals(tag)) {
                return f.numberNode(new BigDecimal(v.replace("_", "")).doubleValue());
            }
        } catch (NumberFormatException e) {
            Mark m = s.getStartMark();
            throw new ContentException(
                    new ContentError(name, m.getLine() + 1, m.getColumn() + 1, "invalid number '" + v + "'"));
        }
        if (!Tag.STR.equals(tag) && !Tag.TIMESTAMP.equals(tag) && !Tag.BINARY.equals(tag)) {
            Mark m = s.getStartMark();
            throw new ContentException(new ContentError(
                    name, m.getLine() + 1, m.getColumn() + 1, "invalid YAML: unsupported tag " + tag.getValue()));
        }
        return f.textNode(v);
    }

    private static BigInteger parseInt(String v) {
        String t = v.startsWith("+") ? v.substring(1) : v;
        boolean neg = t.startsWith("-");
        String digits = neg ? t.substring(1) : t;
        BigInteger n;
        if (digits.startsWith("0x")) {
            n = new BigInteger(digits.substring(2), 16);
        } else if (digits.startsWith("0o")) {
            n = new BigInteger(digits.substring(2), 8);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            n = new BigInteger(digits.substring(1), 8);
        } else {
            n = new BigInteger(digits);
        }
        return neg ? n.negate() : n;
    }
}
