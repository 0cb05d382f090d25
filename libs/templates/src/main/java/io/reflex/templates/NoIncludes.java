package io.reflex.templates;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.loader.ResourceLocator;
import com.hubspot.jinjava.loader.ResourceNotFoundException;
import java.nio.charset.Charset;

/**
 * The template loader of Reflex templates: it loads nothing. StackStorm content has no template files, and
 * Jinjava's default loader would read any resource of the service's classpath ({@code include},
 * {@code import}, {@code from}, {@code extends}).
 */
final class NoIncludes implements ResourceLocator {
    static final String MESSAGE = "include, import, from and extends are not available in Reflex templates";

    @Override
    public String getString(String fullName, Charset encoding, JinjavaInterpreter interpreter)
            throws ResourceNotFoundException {
        throw new ResourceNotFoundException(MESSAGE);
    }
}
