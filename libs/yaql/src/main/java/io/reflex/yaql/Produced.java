package io.reflex.yaql;

import java.util.ArrayList;

/**
 * A list that YAQL would have produced as an iterator ({@code select}, {@code where}, {@code range}, ...). Only
 * {@code list(...)} tells the two apart: it flattens produced sequences among its arguments, as YAQL does.
 */
final class Produced extends ArrayList<Object> {}
