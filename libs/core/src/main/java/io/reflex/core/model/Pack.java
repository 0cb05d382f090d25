package io.reflex.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflex.core.store.Entity;
import java.util.List;
import java.util.Objects;

/**
 * A registered pack. {@code content_hash} addresses the exact content archive registered for this
 * version; nodes materialise that archive before running anything from the pack. {@code errors} are the
 * problems of the pack's current files as last registered (items they concern are not active); empty when
 * every item registered.
 */
public record Pack(
        String id,
        String ref,
        String name,
        String description,
        List<String> keywords,
        String version,
        String stackstormVersion,
        List<String> pythonVersions,
        String author,
        String email,
        List<String> contributors,
        List<String> files,
        String path,
        List<String> dependencies,
        ObjectNode system,
        String contentHash,
        List<String> errors)
        implements Entity {
    public Pack {
        Objects.requireNonNull(id, "id");
        Defaults.refPart("ref", ref);
        Defaults.required("name", name);
        description = Defaults.text(description);
        keywords = Defaults.list(keywords);
        version = Defaults.text(version);
        stackstormVersion = Defaults.text(stackstormVersion);
        pythonVersions = Defaults.list(pythonVersions);
        author = Defaults.text(author);
        email = Defaults.text(email);
        contributors = Defaults.list(contributors);
        files = Defaults.list(files);
        path = Defaults.text(path);
        dependencies = Defaults.list(dependencies);
        system = Defaults.object(system);
        contentHash = Defaults.text(contentHash);
        errors = Defaults.list(errors);
    }

    /** A pack without content errors. */
    public Pack(
            String id,
            String ref,
            String name,
            String description,
            List<String> keywords,
            String version,
            String stackstormVersion,
            List<String> pythonVersions,
            String author,
            String email,
            List<String> contributors,
            List<String> files,
            String path,
            List<String> dependencies,
            ObjectNode system,
            String contentHash) {
        this(
                id,
                ref,
                name,
                description,
                keywords,
                version,
                stackstormVersion,
                pythonVersions,
                author,
                email,
                contributors,
                files,
                path,
                dependencies,
                system,
                contentHash,
                List.of());
    }

    /** A copy with these content errors (the located problems of the pack's current files, one line each). */
    public Pack withErrors(List<String> current) {
        return new Pack(
                id,
                ref,
                name,
                description,
                keywords,
                version,
                stackstormVersion,
                pythonVersions,
                author,
                email,
                contributors,
                files,
                path,
                dependencies,
                system,
                contentHash,
                current);
    }

    @JsonProperty("uid")
    public String uid() {
        return "pack:" + ref;
    }
}
