package io.fraudstream.runtime.lifecycle;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes something when the JVM exits (SIGTERM, SIGINT, {@code System.exit}). Uninstall it when the target is
 * closed another way; uninstalling during shutdown is a no-op.
 */
public final class ShutdownHook {

    private static final Logger log = LoggerFactory.getLogger(ShutdownHook.class);

    private final Thread thread;

    private ShutdownHook(Thread thread) {
        this.thread = thread;
    }

    /**
     * Registers a hook that closes {@code target}, logging (not propagating) a failure.
     *
     * @param name names the hook thread ({@code shutdown-<name>}) and the log lines
     */
    public static ShutdownHook install(String name, AutoCloseable target) {
        Objects.requireNonNull(target, "target");
        Thread thread = new Thread(
                () -> {
                    log.info("shutdown: closing {}", name);
                    try {
                        target.close();
                    } catch (Exception e) {
                        log.error("shutdown: closing {} failed", name, e);
                    }
                },
                "shutdown-" + name);
        Runtime.getRuntime().addShutdownHook(thread);
        return new ShutdownHook(thread);
    }

    /** True if the calling thread is this hook's thread (the JVM is shutting down through it). */
    public boolean isRunningInHook() {
        return Thread.currentThread() == thread;
    }

    /** Removes the hook; does nothing once the JVM is shutting down. */
    public void uninstall() {
        if (isRunningInHook()) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException shuttingDown) {
            log.debug("JVM shutting down; hook {} stays", thread.getName());
        }
    }
}
