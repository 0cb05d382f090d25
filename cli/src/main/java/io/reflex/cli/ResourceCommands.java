package io.reflex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.cli.client.ApiClient;
import io.reflex.cli.output.Output;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The subcommands every resource command (actions, rules, sensors, packs, triggers, webhooks…) shares, each
 * bound to one collection under {@code /api/v1}: list, get, create, enable, disable and delete. A resource's
 * command declares only its {@code @Command} texts and what is its own (list filters, the columns, the
 * noun of the delete message); argument descriptions name the resource through {@code ${PARENT-COMMAND-NAME}}.
 */
final class ResourceCommands {
    private ResourceCommands() {}

    /** {@code list}: a table of the collection; a subclass adds its filters through {@link #query}. */
    abstract static class ListAll extends ClientCommand {
        @Mixin
        OutputOptions output;

        private final String collection;
        private final List<String> columns;

        /**
         * @param collection the collection's path, e.g. {@code /rules}
         * @param columns the default columns
         */
        ListAll(String collection, List<String> columns) {
            this.collection = collection;
            this.columns = columns;
        }

        /** The query string of this command's filters, or {@code ""}. */
        String query() {
            return "";
        }

        @Override
        int run(Session session) {
            JsonNode items = session.api().get(collection + query());
            output.output(out(), cli()).list(items, output.columns(columns), output.chosen());
            return 0;
        }
    }

    /** {@code list} of a collection whose records belong to packs: {@code -p/--pack} keeps one pack's. */
    abstract static class ListOfPacks extends ListAll {
        @Option(
                names = {"-p", "--pack"},
                paramLabel = "PACK",
                description = "only ${PARENT-COMMAND-NAME}s of this pack")
        String pack;

        ListOfPacks(String collection, List<String> columns) {
            super(collection, columns);
        }

        /** The query's filters: the pack, then a subclass's own. */
        Query filters() {
            return Query.of().add("pack", pack);
        }

        @Override
        final String query() {
            return filters().toString();
        }
    }

    /**
     * {@code list} of the newest records, one page of {@code -n/--last} (a shorter page is said on stderr); a
     * subclass adds its filters through {@link #filters}.
     */
    abstract static class ListNewest extends ClientCommand {
        @Option(
                names = {"-n", "--last"},
                paramLabel = "N",
                description = "how many (default: ${DEFAULT-VALUE})")
        int last = 50;

        @Mixin
        OutputOptions output;

        private final String collection;
        private final String noun;
        private final List<String> columns;

        /**
         * @param collection the collection's path, e.g. {@code /apikeys}
         * @param noun what the records are called in messages, e.g. {@code API keys}
         * @param columns the default columns
         */
        ListNewest(String collection, String noun, List<String> columns) {
            this.collection = collection;
            this.noun = noun;
            this.columns = columns;
        }

        /** The query's filters after the page size. */
        Query filters(Query query) {
            return query;
        }

        /** The records as printed in {@code format}. */
        JsonNode shown(JsonNode items, Output.Format format) {
            return items;
        }

        @Override
        int run(Session session) {
            String path = collection + filters(Query.of().add("limit", last));
            JsonNode items = Listing.page(session.api(), path, err(), noun).json();
            Output printer = output.output(out(), cli());
            printer.list(shown(items, printer.format()), output.columns(columns), output.chosen());
            return 0;
        }
    }

    /** {@code get REF}: one record. */
    abstract static class Get extends ClientCommand {
        @Parameters(index = "0", paramLabel = "REF", description = "${PARENT-COMMAND-NAME} reference or id")
        String ref;

        @Mixin
        OutputOptions output;

        private final String collection;

        Get(String collection) {
            this.collection = collection;
        }

        @Override
        int run(Session session) {
            JsonNode record = session.api().get(collection + "/" + ApiClient.segment(ref));
            output.output(out(), cli()).record(record, output.attributes, output.chosen());
            return 0;
        }
    }

    /** {@code create FILE}: a record from a YAML or JSON file in the pack format. */
    abstract static class Create extends ClientCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "${PARENT-COMMAND-NAME} definition")
        Path file;

        @Mixin
        OutputOptions output;

        private final String collection;

        Create(String collection) {
            this.collection = collection;
        }

        @Override
        int run(Session session) {
            JsonNode created = session.api()
                    .post(collection, ResourceFiles.read(cli().workingDir().resolve(file)));
            output.output(out(), cli()).record(created, output.attributes, output.chosen());
            return 0;
        }
    }

    /** {@code delete REF}, saying {@code <Noun> "REF" deleted.}. */
    abstract static class Delete extends ClientCommand {
        @Parameters(index = "0", paramLabel = "REF", description = "${PARENT-COMMAND-NAME} reference or id")
        String ref;

        private final String collection;
        private final String noun;

        Delete(String collection, String noun) {
            this.collection = collection;
            this.noun = noun;
        }

        @Override
        int run(Session session) {
            session.api().delete(collection + "/" + ApiClient.segment(ref));
            out().println(noun + " \"" + ref + "\" deleted.");
            out().flush();
            return 0;
        }
    }

    /**
     * {@code enable}/{@code disable} of a resource that has an {@code enabled} field (rules, sensors): reads it,
     * sets {@code enabled}, writes it back with PUT, as st2 does.
     */
    abstract static class Toggle extends ClientCommand {
        @Parameters(index = "0", paramLabel = "REF", description = "reference or id")
        String ref;

        @Mixin
        OutputOptions output;

        private final String collection;
        private final boolean enabled;

        /**
         * @param collection the collection's path, e.g. {@code /rules}
         * @param enabled the value to write
         */
        Toggle(String collection, boolean enabled) {
            this.collection = collection;
            this.enabled = enabled;
        }

        @Override
        int run(Session session) {
            String path = collection + "/" + ApiClient.segment(ref);
            ObjectNode resource = (ObjectNode) session.api().get(path);
            resource.put("enabled", enabled);
            JsonNode updated = session.api().put(path, resource);
            output.output(out(), cli()).record(updated, output.columns(List.of("ref", "enabled")), output.chosen());
            return 0;
        }
    }
}
