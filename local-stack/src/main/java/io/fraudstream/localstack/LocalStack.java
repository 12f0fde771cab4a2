package io.fraudstream.localstack;

import io.fraudstream.runtime.topics.SchemaProvisioner;
import io.fraudstream.runtime.topics.TopicProvisioner;
import io.fraudstream.schemas.registry.CompatibilityLevel;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.serde.AvroSerdes;
import io.fraudstream.schemas.topics.TopicCatalogue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stack: a real Kafka broker (KRaft) and a real Confluent-compatible schema registry (Apicurio), both
 * child JVMs bound to 127.0.0.1, started without Docker.
 *
 * <p>{@link #start} starts both in parallel, waits until both are ready, sets the registry's global
 * compatibility to BACKWARD, creates every topic of the catalogue, registers every topic's value schema with its
 * subject's own compatibility set to BACKWARD ({@link SchemaProvisioner}) and writes the connection settings to
 * {@link StackState#file}. If any step fails, both processes are stopped before the error is thrown: nothing is
 * left half-started. The stack is ephemeral: each start formats a fresh broker (the registry keeps its schemas in
 * memory, so old topic data would refer to schema ids that no longer exist).
 *
 * <p>{@link #close} stops this stack; {@link #stop(Path, Duration)} and {@link #status(Path)} work on a stack started
 * by another process, from its state file.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private final LocalStackSettings settings;
    private final ChildProcess kafka;
    private final ChildProcess registry;
    private final StackState state;
    private final Duration startupTime;

    private LocalStack(
            LocalStackSettings settings,
            ChildProcess kafka,
            ChildProcess registry,
            StackState state,
            Duration startupTime) {
        this.settings = settings;
        this.kafka = kafka;
        this.registry = registry;
        this.state = state;
        this.startupTime = startupTime;
    }

    /** Starts the stack and returns once both services are ready and the topics exist. */
    public static LocalStack start(LocalStackSettings settings) {
        Instant begin = Instant.now();
        Status existing = status(settings.workDir());
        if (existing.kafkaAlive() || existing.registryAlive()) {
            throw new LocalStackException(
                    "a local stack is already running from " + settings.workDir() + " (" + existing.describe()
                            + "): use it, or stop it first with ./fraudstream local stop --dir " + settings.workDir());
        }
        prepareWorkDir(settings.workDir());

        Set<Integer> taken = new HashSet<>();
        int kafkaPort = distinct(taken, settings.kafkaPort(), "Kafka broker listener", "--kafka-port");
        int controllerPort =
                distinct(taken, settings.controllerPort(), "Kafka controller listener", "--controller-port");
        int registryPort = distinct(taken, settings.registryPort(), "schema registry", "--registry-port");
        int managementPort = distinct(
                taken,
                settings.registryManagementPort(),
                "schema registry management endpoint",
                "--registry-management-port");

        KafkaBroker broker = new KafkaBroker(settings, kafkaPort, controllerPort);
        ApicurioRegistry apicurio = new ApicurioRegistry(settings, registryPort, managementPort);
        ChildProcess kafka = null;
        ChildProcess registry = null;
        try {
            kafka = broker.start();
            registry = apicurio.start();
            Instant deadline = begin.plus(settings.startTimeout());
            broker.awaitReady(kafka, deadline);
            apicurio.awaitReady(registry, deadline);
            try (SchemaRegistryClient client =
                    SchemaRegistryClient.builder(apicurio.url()).build()) {
                client.setCompatibility(null, CompatibilityLevel.BACKWARD);
                TopicCatalogue catalogue = TopicCatalogue.create(settings.topics(), AvroSerdes.create(client, true));
                provisionTopics(broker.bootstrapServers(), catalogue);
                new SchemaProvisioner(client).ensure(catalogue);
            }
            StackState state = new StackState(
                    broker.bootstrapServers(),
                    apicurio.url(),
                    kafka.pid(),
                    registry.pid(),
                    settings.workDir(),
                    Instant.now());
            state.write();
            Duration took = Duration.between(begin, Instant.now());
            log.info(
                    "local stack ready in {} ms: Kafka {} (pid {}), schema registry {} (pid {})",
                    took.toMillis(),
                    state.bootstrapServers(),
                    kafka.pid(),
                    state.registryUrl(),
                    registry.pid());
            return new LocalStack(settings, kafka, registry, state, took);
        } catch (RuntimeException e) {
            stopQuietly(kafka, settings.stopGrace());
            stopQuietly(registry, settings.stopGrace());
            throw e;
        }
    }

    private static int distinct(Set<Integer> taken, int requested, String what, String option) {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = Ports.choose(requested, what, option);
            if (taken.add(port)) {
                return port;
            }
            if (requested != 0) {
                throw new LocalStackException(
                        "port " + requested + " is configured twice (" + what + "): choose another with " + option);
            }
        }
        throw new LocalStackException("could not find a free port for the " + what);
    }

    private static void provisionTopics(String bootstrap, TopicCatalogue catalogue) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicProvisioner(admin).ensure(catalogue.all());
        }
    }

    private static void prepareWorkDir(Path workDir) {
        try {
            Files.createDirectories(workDir);
            StackState.delete(workDir);
            deleteRecursively(workDir.resolve("kafka"));
            deleteRecursively(workDir.resolve("registry"));
        } catch (IOException e) {
            throw new LocalStackException("cannot prepare the work directory " + workDir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void stopQuietly(ChildProcess process, Duration grace) {
        if (process != null) {
            try {
                process.stop(grace);
            } catch (RuntimeException e) {
                log.warn("could not stop {} (pid {}): {}", process.name(), process.pid(), e.toString());
            }
        }
    }

    /** Connection settings and pids of this stack. */
    public StackState state() {
        return state;
    }

    public String bootstrapServers() {
        return state.bootstrapServers();
    }

    public String registryUrl() {
        return state.registryUrl();
    }

    /** Wall-clock time from {@link #start} to ready (both services up, compatibility set, topics created, schemas registered). */
    public Duration startupTime() {
        return startupTime;
    }

    public boolean isRunning() {
        return kafka.isAlive() && registry.isAlive();
    }

    /** Stops both processes (SIGTERM, then SIGKILL after the grace period) and removes the state file. */
    @Override
    public void close() {
        stopQuietly(kafka, settings.stopGrace());
        stopQuietly(registry, settings.stopGrace());
        try {
            StackState.delete(settings.workDir());
        } catch (UncheckedIOException e) {
            log.warn("could not remove the state file: {}", e.toString());
        }
    }

    /**
     * Stops the stack recorded in {@code workDir}'s state file.
     *
     * @return false if there was nothing to stop
     */
    public static boolean stop(Path workDir, Duration grace) {
        Optional<StackState> state = StackState.read(workDir);
        if (state.isEmpty()) {
            return false;
        }
        StackState s = state.get();
        Optional<ChildProcess> kafka = ChildProcess.attach(
                "Kafka broker", s.kafkaPid(), KafkaBroker.MARKER, workDir.resolve("kafka/kafka.log"));
        Optional<ChildProcess> registry = ChildProcess.attach(
                "Apicurio Registry",
                s.registryPid(),
                ApicurioRegistry.MARKER,
                workDir.resolve("registry/registry.log"));
        kafka.ifPresent(p -> p.stop(grace));
        registry.ifPresent(p -> p.stop(grace));
        StackState.delete(workDir);
        return kafka.isPresent() || registry.isPresent();
    }

    /** What runs from {@code workDir}, according to its state file and the live processes. */
    public static Status status(Path workDir) {
        Optional<StackState> state = StackState.read(workDir);
        boolean kafka = state.flatMap(
                        s -> ChildProcess.attach("Kafka broker", s.kafkaPid(), KafkaBroker.MARKER, workDir))
                .isPresent();
        boolean registry = state.flatMap(s ->
                        ChildProcess.attach("Apicurio Registry", s.registryPid(), ApicurioRegistry.MARKER, workDir))
                .isPresent();
        return new Status(state, kafka, registry);
    }

    /** The state file (if any) and whether each recorded process is alive. */
    public record Status(Optional<StackState> state, boolean kafkaAlive, boolean registryAlive) {
        public boolean running() {
            return kafkaAlive && registryAlive;
        }

        public String describe() {
            if (state.isEmpty()) {
                return "not running (no state file)";
            }
            StackState s = state.get();
            return String.format(
                    "Kafka %s at %s (pid %d); schema registry %s at %s (pid %d); started %s",
                    kafkaAlive ? "running" : "NOT running",
                    s.bootstrapServers(),
                    s.kafkaPid(),
                    registryAlive ? "running" : "NOT running",
                    s.registryUrl(),
                    s.registryPid(),
                    s.startedAt());
        }
    }
}
