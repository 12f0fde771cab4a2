package io.fraudstream.runtime.logging;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Routes {@code java.util.logging} (used by Tribuo, among others) to SLF4J, so that one logging configuration
 * governs the whole service.
 *
 * <p>JUL decides what to forward by its own levels before SLF4J sees a record. To keep them in step with the
 * SLF4J backend's levels (and avoid formatting records nobody logs), the deployable's {@code logback.xml} should
 * declare {@code <contextListener class="ch.qos.logback.classic.jul.LevelChangePropagator"><resetJUL>true</resetJUL></contextListener>}.
 */
public final class Logging {

    private Logging() {
    }

    /**
     * Removes the JUL root logger's handlers (the console handler that would print records a second time) and
     * installs the SLF4J bridge. Idempotent and safe to call from several threads.
     */
    public static synchronized void install() {
        if (SLF4JBridgeHandler.isInstalled()) {
            return;
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    /** Whether the bridge is installed. */
    public static boolean installed() {
        return SLF4JBridgeHandler.isInstalled();
    }
}
