package io.reflex.core.json;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component that holds a copy of another aggregate as it was (an execution's action, rule, trigger
 * instance...). Stores keep such a copy as plain JSON: its instants stay text ({@link InstantFields} does not
 * look inside), as they were when the copy was a JSON object.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface Snapshot {}
