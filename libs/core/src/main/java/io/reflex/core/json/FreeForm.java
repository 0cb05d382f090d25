package io.reflex.core.json;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component that stores keep as free-form JSON, whatever its Java type: no typed paths into it
 * (a filter on it is evaluated as on any JSON object) and its instants stay text ({@link InstantFields} does
 * not look inside). For copies of other aggregates kept as they were (an execution's action, rule, trigger
 * instance...) and for objects whose keys are open (an execution's context), so their stored form and the
 * indexes over them do not depend on how the Java side reads them.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface FreeForm {}
