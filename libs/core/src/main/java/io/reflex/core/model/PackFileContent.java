package io.reflex.core.model;

/**
 * Pack content that comes from a metadata file of its pack ({@code actions/foo.yaml}, ...): the file is kept
 * with the record so an update through the API writes back to the same place.
 */
public interface PackFileContent extends PackContent {
    /** The file, relative to the pack directory (e.g. {@code actions/foo.yaml}); null when made through the API. */
    String metadataFile();
}
