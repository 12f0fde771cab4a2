package io.fraudstream.localstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running local stack publishes about itself, as a properties file in its work directory: the connection
 * settings every other subcommand reads ({@value #BOOTSTRAP}, {@value #REGISTRY_URL}) and the child pids that
 * {@code stop} and {@code status} need.
 */
public record StackState(
        String bootstrapServers, String registryUrl, long kafkaPid, long registryPid, Path workDir, Instant startedAt) {

    /** Same keys as the service configuration, so the file is also a valid config file. */
    public static final String BOOTSTRAP = "kafka.bootstrap.servers";

    public static final String REGISTRY_URL = "schema.registry.url";
    static final String KAFKA_PID = "local.kafka.pid";
    static final String REGISTRY_PID = "local.registry.pid";
    static final String WORK_DIR = "local.work.dir";
    static final String STARTED_AT = "local.started.at";
    static final String FILE_NAME = io.fraudstream.runtime.config.LocalStackFile.NAME;

    public static Path file(Path workDir) {
        return workDir.resolve(FILE_NAME);
    }

    void write() {
        Properties p = new Properties();
        p.setProperty(BOOTSTRAP, bootstrapServers);
        p.setProperty(REGISTRY_URL, registryUrl);
        p.setProperty(KAFKA_PID, Long.toString(kafkaPid));
        p.setProperty(REGISTRY_PID, Long.toString(registryPid));
        p.setProperty(WORK_DIR, workDir.toString());
        p.setProperty(STARTED_AT, startedAt.toString());
        Path target = file(workDir);
        try {
            Path tmp = Files.createTempFile(workDir, FILE_NAME, ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, "fraudstream local stack: connection settings (read by every ./fraudstream subcommand)");
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target, e);
        }
    }

    /** The state file in {@code workDir}, if there is one. */
    public static Optional<StackState> read(Path workDir) {
        Path f = file(workDir);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + f, e);
        }
        try {
            return Optional.of(new StackState(
                    p.getProperty(BOOTSTRAP),
                    p.getProperty(REGISTRY_URL),
                    Long.parseLong(p.getProperty(KAFKA_PID, "-1")),
                    Long.parseLong(p.getProperty(REGISTRY_PID, "-1")),
                    workDir,
                    Instant.parse(p.getProperty(STARTED_AT, Instant.EPOCH.toString()))));
        } catch (RuntimeException e) {
            throw new LocalStackException(
                    "the state file " + f + " is damaged (" + e.getMessage()
                            + "): stop the processes by hand if they run, then delete it",
                    e);
        }
    }

    static void delete(Path workDir) {
        try {
            Files.deleteIfExists(file(workDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
