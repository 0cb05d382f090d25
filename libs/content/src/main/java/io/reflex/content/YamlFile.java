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
 * A YAML document read safely into a JSON tree that remembers where each value stood, so errors can name
 * the line and column. Scalars are typed the YAML 1.1 way StackStorm's loader types them (true/false/yes/no,
 * ints, floats, null). Safe means bounded, so any document is accepted or refused quickly and in little
 * memory: no tags, no duplicate or recursive keys, no line longer than {@value #MAX_LINE_CHARS} characters, at most {@value #MAX_DEPTH} levels of nesting, at most
 * {@value #MAX_ALIASES} aliases of collections, at most {@code maxChars} characters of text, and what the
 * document expands to through aliases at most {@value #EXPANSION_FACTOR} times that many characters and
 * {@code maxChars / }{@value #CHARS_PER_NODE} values.
 */
public final class YamlFile {
    /** Deepest nesting of mappings and sequences accepted. */
    static final int MAX_DEPTH = 50;
    /** Most aliases to mappings or sequences accepted in one document. */
    static final int MAX_ALIASES = 50;
    /**
     * Longest line accepted. The parser's cost grows with the square of a single value's length, so one
     * multi-megabyte value would pin a thread for minutes; with this bound a file of the largest accepted
     * size parses in well under a second.
     */
    static final int MAX_LINE_CHARS = 64 * 1024;
    /** How many times {@code maxChars} characters a document may expand to through aliases. */
    static final int EXPANSION_FACTOR = 4;
    /** The value budget: one value per this many characters of the size limit. */
    static final int CHARS_PER_NODE = 8;
    /** The bound of {@link #parse(String, String)}: content of one file. */
    static final long DEFAULT_MAX_CHARS = YamlReader.DEFAULT_MAX_FILE_BYTES;

    private final String name;
    private final JsonNode root;
    private final Map<String, Mark> positions;

    private YamlFile(String name, JsonNode root, Map<String, Mark> positions) {
        this.name = name;
        this.root = root;
        this.positions = positions;
    }

    /**
     * Parses {@code text} within the default bounds ({@value #DEFAULT_MAX_CHARS} characters); {@code name} is
     * how errors name the file.
     *
     * @throws ContentException with the line and column of a syntax error, or naming the bound exceeded
     */
    public static YamlFile parse(String name, String text) {
        return parse(name, text, DEFAULT_MAX_CHARS);
    }

    /**
     * Parses {@code text} of at most {@code maxChars} characters (the size limit of content files).
     *
     * @throws ContentException with the line and column of a syntax error, or naming the bound exceeded
     */
    public static YamlFile parse(String name, String text, long maxChars) {
        if (text.length() > maxChars) {
            throw new ContentException(ContentError.of(name, PackFiles.tooLarge(maxChars)));
        }
        checkLines(name, text);
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, maxChars + 1));
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
        Budget budget = new Budget(name, maxChars * EXPANSION_FACTOR, Math.max(1000, maxChars / CHARS_PER_NODE));
        JsonNode root = node == null ? JsonNodeFactory.instance.nullNode() : convert(name, node, "", positions, budget);
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

    private static void checkLines(String name, String text) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i - start > MAX_LINE_CHARS) {
                    throw new ContentException(new ContentError(
                            name,
                            line,
                            1,
                            "line is longer than " + MAX_LINE_CHARS
                                    + " characters: refused (split the value, or ship it as a file of the pack)"));
                }
                line++;
                start = i + 1;
            }
        }
    }

    /** What is left of the expansion bounds while converting: aliases may not multiply a small text. */
    private static final class Budget {
        private final String name;
        private long chars;
        private long nodes;

        Budget(String name, long chars, long nodes) {
            this.name = name;
            this.chars = chars;
            this.nodes = nodes;
        }

        void spend(Node node, long length) {
            chars -= length;
            nodes--;
            if (chars < 0 || nodes < 0) {
                Mark m = node.getStartMark();
                throw new ContentException(new ContentError(
                        name,
                        m.getLine() + 1,
                        m.getColumn() + 1,
                        "invalid YAML: the document expands (through aliases) beyond the size limit of its file"));
            }
        }
    }

    private static JsonNode convert(String name, Node node, String ptr, Map<String, Mark> positions, Budget budget) {
        budget.spend(
                node,
                ptr.length() + (node instanceof ScalarNode s ? s.getValue().length() : 0));
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
                o.set(k, convert(name, t.getValueNode(), childPtr, positions, budget));
            }
            return o;
        }
        if (node instanceof SequenceNode seq) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            int i = 0;
            for (Node child : seq.getValue()) {
                a.add(convert(name, child, ptr + "/" + i++, positions, budget));
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
