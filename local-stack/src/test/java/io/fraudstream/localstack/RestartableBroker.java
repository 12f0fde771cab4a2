package io.fraudstream.localstack;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A dedicated single-node Kafka broker (the local stack's {@link KafkaBroker}, same config) that a test can stop and
 * start again on the same port and data directory, to make Kafka briefly unavailable without disturbing the shared
 * test stack: {@link #stop()} shuts it down gracefully, {@link #kill()} with SIGKILL. Shared with other modules' integration tests through this module's test-jar.
 */
public final class RestartableBroker implements AutoCloseable {

    private final LocalStackSettings settings;
    private final KafkaBroker broker;
    private ChildProcess process;

    private RestartableBroker(Path dir) {
        this.settings = LocalStackSettings.defaults(dir);
        int port = Ports.choose(0, "Kafka broker listener", "-");
        int controller;
        do {
            controller = Ports.choose(0, "Kafka controller listener", "-");
        } while (controller == port);
        this.broker = new KafkaBroker(settings, port, controller);
    }

    /** Starts a fresh broker in {@code dir}; returns once it answers. */
    public static RestartableBroker start(Path dir) {
        RestartableBroker b = new RestartableBroker(dir);
        b.startAgain();
        return b;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Stops the broker (SIGTERM, then SIGKILL after the grace period). */
    public synchronized void stop() {
        if (process != null) {
            process.stop(settings.stopGrace());
            process = null;
        }
    }

    /**
     * Kills the broker with SIGKILL, as a crashed broker process would end: no controlled shutdown, open transactions
     * left open, logs recovered at the next start (the operating system keeps what the process had written, so
     * acknowledged records survive, as after a process crash but not necessarily a power loss). Waits for the process
     * to be gone; {@link #startAgain()} restarts it on the same port and data directory.
     */
    public synchronized void kill() {
        if (process != null) {
            ProcessHandle.of(process.pid()).ifPresent(h -> {
                h.destroyForcibly();
                h.onExit().join();
            });
            process = null;
        }
    }

    private boolean started;

    /** Starts it again with the same data (storage is formatted only the first time); returns once it answers. */
    public synchronized void startAgain() {
        if (process == null) {
            process = started ? broker.launch() : broker.start();
            started = true;
            broker.awaitReady(process, Instant.now().plus(settings.startTimeout()));
        }
    }

    @Override
    public void close() {
        stop();
    }
}
