package io.reflex.runtime.service;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.encoder.Encoder;
import io.reflex.runtime.config.Config;
import io.reflex.runtime.config.ConfigKeys;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Applies {@code logging.level} and {@code logging.format} to Logback (configured by logback.xml). */
public final class Logging {
    private Logging() {}

    public static void configure(Config config) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return; // another SLF4J binding is in charge (e.g. in an embedding application)
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        ctx.getLogger("io.reflex").setLevel(Level.toLevel(config.get(ConfigKeys.LOGGING_LEVEL), Level.INFO));
        if (config.get(ConfigKeys.LOGGING_FORMAT).equals("json")) {
            var root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            if (root.getAppender("CONSOLE") instanceof ConsoleAppender<ILoggingEvent> console) {
                console.stop();
                console.setEncoder(encoder("json", ctx));
                console.start();
            }
        }
    }

    /**
     * The started encoder of a {@code logging.format} ({@code text} or {@code json}); both escape control
     * characters in every logged value, so input cannot forge a log line.
     */
    public static Encoder<ILoggingEvent> encoder(String format, Context ctx) {
        Encoder<ILoggingEvent> encoder = format.equals("json") ? new JsonLogEncoder() : new TextLogEncoder();
        encoder.setContext(ctx);
        encoder.start();
        return encoder;
    }
}
