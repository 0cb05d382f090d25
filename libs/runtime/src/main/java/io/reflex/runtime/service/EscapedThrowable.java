package io.reflex.runtime.service;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import java.util.Arrays;

/**
 * An exception as logged, with its message (and its causes' and suppressed exceptions' messages) escaped:
 * a message may carry input, while class names and stack frames come from the code and keep their lines.
 */
record EscapedThrowable(IThrowableProxy delegate) implements IThrowableProxy {
    static IThrowableProxy of(IThrowableProxy proxy) {
        return proxy == null || proxy instanceof EscapedThrowable ? proxy : new EscapedThrowable(proxy);
    }

    @Override
    public String getMessage() {
        return LogEscape.escape(delegate.getMessage());
    }

    @Override
    public String getOverridingMessage() {
        return LogEscape.escape(delegate.getOverridingMessage());
    }

    @Override
    public String getClassName() {
        return LogEscape.escape(delegate.getClassName());
    }

    @Override
    public StackTraceElementProxy[] getStackTraceElementProxyArray() {
        return delegate.getStackTraceElementProxyArray();
    }

    @Override
    public int getCommonFrames() {
        return delegate.getCommonFrames();
    }

    @Override
    public IThrowableProxy getCause() {
        return of(delegate.getCause());
    }

    @Override
    public IThrowableProxy[] getSuppressed() {
        IThrowableProxy[] suppressed = delegate.getSuppressed();
        return suppressed == null
                ? null
                : Arrays.stream(suppressed).map(EscapedThrowable::of).toArray(IThrowableProxy[]::new);
    }

    @Override
    public boolean isCyclic() {
        return delegate.isCyclic();
    }
}
