package io.fraudstream.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker + controller, one node) in a child JVM, started from
 * the {@code kafka_2.13} jars on this JVM's classpath: storage formatted with {@code kafka.tools.StorageTool},
 * then {@code kafka.Kafka server.properties}. Listens on 127.0.0.1 only.
 */
final class KafkaBroker {
    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
    static final String MAIN_CLASS = "kafka.Kafka";
    /** On the broker's command line ahead of the long classpath, so that it survives truncation; tells our process from a reused pid. */
    static final String MARKER = "-Dfraudstream.local.stack=kafka";

    private final LocalStackSettings settings;
    private final Path dir;
    private final int port;
    private final int controllerPort;

    KafkaBroker(LocalStackSettings settings, int port, int controllerPort) {
        this.settings = settings;
        this.dir = settings.workDir().resolve("kafka");
        this.port = port;
        this.controllerPort = controllerPort;
    }

    String bootstrapServers() {
        return Ports.LOOPBACK + ":" + port;
    }

    /** Writes the config, formats storage (a fresh cluster each start) and starts the broker; does not wait. */
    ChildProcess start() {
        Path config = writeConfig();
        format(config, LogConfig.write(dir, "kafka"));
        return launch();
    }

    /** Starts the broker on the config and storage already in place (a restart keeps its data and cluster id). */
    ChildProcess launch() {
        List<String> cmd = javaCommand(LogConfig.write(dir, "kafka"));
        cmd.add(MAIN_CLASS);
        cmd.add(dir.resolve("server.properties").toString());
        return ChildProcess.start("Kafka broker", cmd, dir, dir.resolve("kafka.log"));
    }

    private void format(Path config, Path logback) {
        List<String> cmd = javaCommand(logback);
        cmd.addAll(List.of(
                "kafka.tools.StorageTool",
                "format",
                "--ignore-formatted",
                "--cluster-id",
                Uuid.randomUuid().toString(),
                "--config",
                config.toString()));
        Path formatLog = dir.resolve("format.log");
        int exit = ChildProcess.run("Kafka storage format", cmd, dir, formatLog, settings.startTimeout());
        if (exit != 0) {
            throw new LocalStackException("formatting Kafka storage in " + dir + " failed (exit " + exit + "):\n"
                    + ChildProcess.tail(formatLog, 30));
        }
    }

    private List<String> javaCommand(Path logback) {
        List<String> cmd = new ArrayList<>(List.of(
                settings.javaExecutable().toString(),
                "-Xms256m",
                "-Xmx" + settings.brokerHeap(),
                "-XX:+UseG1GC",
                "-XX:MaxGCPauseMillis=20",
                "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=" + logback,
                MARKER,
                "-cp",
                System.getProperty("java.class.path")));
        return cmd;
    }

    private void awaitListening(ChildProcess process, Instant deadline) {
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new LocalStackException("the Kafka broker exited during start-up; last lines of "
                        + process.logFile() + ":\n" + process.logTail(30));
            }
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(Ports.LOOPBACK, port), 500);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100); // poll interval; the loop re-checks the condition until the deadline
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LocalStackException("interrupted while waiting for the Kafka broker", e);
                }
            }
        }
        throw new LocalStackException("the Kafka broker did not listen on " + bootstrapServers() + " within "
                + settings.startTimeout() + "; log: " + process.logFile());
    }

    private Path writeConfig() {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@" + Ports.LOOPBACK + ":" + controllerPort),
                Map.entry(
                        "listeners",
                        "PLAINTEXT://" + Ports.LOOPBACK + ":" + port + ",CONTROLLER://" + Ports.LOOPBACK + ":"
                                + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", dir.resolve("data").toString()),
                Map.entry("num.partitions", "1"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "3"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "3"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("log.retention.check.interval.ms", "300000")));
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("server.properties");
            try (Writer w = Files.newBufferedWriter(file)) {
                p.store(w, "fraudstream local stack: single-node KRaft broker");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the broker accepts connections and answers a cluster description, or the deadline passes. The
     * listener is probed with a plain socket first, so the admin client does not log a warning per failed attempt.
     */
    void awaitReady(ChildProcess process, Instant deadline) {
        awaitListening(process, deadline);
        Map<String, Object> props = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        try (Admin admin = Admin.create(props)) {
            Exception last = null;
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new LocalStackException("the Kafka broker exited during start-up; last lines of "
                            + process.logFile() + ":\n" + process.logTail(30));
                }
                try {
                    int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                            .nodes()
                            .get(3, TimeUnit.SECONDS)
                            .size();
                    if (nodes > 0) {
                        log.debug("Kafka broker ready at {}", bootstrapServers());
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LocalStackException("interrupted while waiting for the Kafka broker", e);
                } catch (Exception e) {
                    last = e;
                }
            }
            throw new LocalStackException(
                    "the Kafka broker at " + bootstrapServers() + " was not ready within " + settings.startTimeout()
                            + " (last error: " + last + "); log: " + process.logFile(),
                    last);
        }
    }
}
