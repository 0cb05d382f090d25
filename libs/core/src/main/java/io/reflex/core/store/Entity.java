package io.reflex.core.store;

/** A stored record. Its {@code id} is assigned before it is first written and never changes. */
public interface Entity {
    String id();
}
