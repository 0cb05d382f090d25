package io.reflex.api.aliases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.json.Json;
import io.reflex.core.model.ActionAlias;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Matching chat commands to aliases and listing help strings, as StackStorm does
 * ({@code util/actionalias_matching.py}, {@code util/actionalias_helpstring.py}). A format is either a string
 * (its own display and representation) or {@code {display, representation: [...], match_multiple}}. Pure:
 * callers pass the aliases (usually every stored one).
 */
final class ActionAliasesMatcher {
    /** One alias format, normalised. */
    record Format(JsonNode source, String display, List<String> representations, boolean matchMultiple) {}

    /** A representation that matched a command. */
    record Match(ActionAlias alias, JsonNode format, String display, String representation, boolean matchMultiple) {}

    private ActionAliasesMatcher() {}

    static List<Format> formats(ActionAlias alias) {
        List<Format> out = new ArrayList<>();
        for (JsonNode f : alias.formats()) {
            if (f.isTextual()) {
                out.add(new Format(f, f.asText(), List.of(f.asText()), false));
            } else if (f.isObject()) {
                JsonNode rep = f.path("representation");
                List<String> reps = new ArrayList<>();
                if (rep.isTextual()) {
                    reps.add(rep.asText());
                } else {
                    rep.forEach(r -> reps.add(r.asText()));
                }
                String display = f.hasNonNull("display") ? f.get("display").asText() : null;
                out.add(new Format(f, display, reps, f.path("match_multiple").asBoolean(false)));
            }
        }
        return out;
    }

    /**
     * Every format string of the alias a command may be executed with (StackStorm's
     * {@code get_format_strings}): each representation, or the format itself when it has none.
     */
    static List<String> formatStrings(ActionAlias alias) {
        List<String> out = new ArrayList<>();
        for (Format f : formats(alias)) {
            if (!f.representations().isEmpty()) {
                out.addAll(f.representations());
            } else if (f.display() != null) {
                out.add(f.display());
            }
        }
        return out;
    }

    /** Every (alias, representation) of the enabled aliases whose representation matches {@code command}. */
    static List<Match> matching(String command, Collection<ActionAlias> aliases) {
        List<Match> out = new ArrayList<>();
        for (ActionAlias alias : aliases) {
            if (!alias.enabled()) {
                continue;
            }
            for (Format f : formats(alias)) {
                List<String> reps = f.representations().isEmpty() ? List.of("") : f.representations();
                for (String rep : reps) {
                    if (matches(rep, command)) {
                        out.add(new Match(alias, f.source(), f.display(), rep, f.matchMultiple()));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The single alias format matching {@code command}: aliases with ordinary formats first, then those with
     * {@code match_multiple} formats.
     *
     * @throws IllegalArgumentException with StackStorm's message when none or more than one matches
     */
    static Match matchOne(String command, Collection<ActionAlias> aliases) {
        List<ActionAlias> single = aliases.stream()
                .filter(a -> formats(a).stream().anyMatch(f -> !f.matchMultiple()))
                .toList();
        List<Match> found = matching(command, single);
        if (found.size() > 1) {
            throw new IllegalArgumentException("Command '" + command + "' matched more than 1 pattern");
        }
        if (found.isEmpty()) {
            List<ActionAlias> multiple = aliases.stream()
                    .filter(a -> formats(a).stream().anyMatch(Format::matchMultiple))
                    .toList();
            found = matching(command, multiple);
            if (found.size() > 1) {
                throw new IllegalArgumentException("Command '" + command + "' matched more than 1 (multi) pattern");
            }
            if (found.isEmpty()) {
                throw new IllegalArgumentException("Command '" + command + "' matched no patterns");
            }
        }
        return found.get(0);
    }

    private static boolean matches(String representation, String command) {
        try {
            return AliasFormats.extract(representation, command).isPresent();
        } catch (IllegalArgumentException badFormat) {
            return false; // one broken format must not hide the other aliases
        }
    }

    /**
     * StackStorm's {@code GET /actionalias/help} body {@code {available, helpstrings: [{pack, display,
     * description}]}}: displays of enabled aliases containing {@code filter} (a case-insensitive regex),
     * optionally of one pack; {@code available} counts every match, the page is {@code offset}/{@code limit}
     * (0 = no limit).
     */
    static ObjectNode help(Collection<ActionAlias> aliases, String filter, String pack, int limit, int offset) {
        Pattern search = filterPattern(filter);
        ObjectNode out = Json.object();
        var strings = out.putArray("helpstrings");
        int count = 0;
        for (ActionAlias alias : aliases) {
            if (!alias.enabled() || (pack != null && !pack.isEmpty() && !pack.equals(alias.pack()))) {
                continue;
            }
            for (Format f : formats(alias)) {
                if (f.display() == null
                        || f.display().isEmpty()
                        || !search.matcher(f.display()).find()) {
                    continue;
                }
                boolean inPage = count >= offset && (limit <= 0 || count < offset + limit);
                if (inPage) {
                    strings.addObject()
                            .put("pack", alias.pack())
                            .put("display", f.display())
                            .put("description", alias.description());
                }
                count++;
            }
        }
        out.put("available", count);
        return out;
    }

    private static Pattern filterPattern(String filter) {
        try {
            return Pattern.compile(filter == null ? "" : filter, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("Invalid help filter \"" + filter + "\": " + e.getDescription());
        }
    }
}
