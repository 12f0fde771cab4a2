package io.fraudstream.localstack;

import io.fraudstream.schemas.topics.TopicCatalogue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/**
 * How to run the local stack.
 *
 * @param workDir                 where the broker's data, the logs and the state file live
 * @param kafkaPort               broker listener port on 127.0.0.1 (0 = any free port)
 * @param controllerPort          KRaft controller listener port (0 = any free port)
 * @param registryPort            schema registry HTTP port (0 = any free port)
 * @param registryManagementPort  schema registry management (health) port (0 = any free port)
 * @param apicurioHome            the unpacked Apicurio Registry distribution (holds quarkus-run.jar)
 * @param javaExecutable          the java that runs both children (Java 21+; Apicurio needs it)
 * @param brokerHeap              -Xmx of the broker, for example "768m"
 * @param registryHeap            -Xmx of the registry
 * @param startTimeout            how long to wait for both to be ready
 * @param stopGrace               how long to wait after SIGTERM before SIGKILL
 * @param topics                  the topic layout to create once the broker is up
 */
public record LocalStackSettings(
        Path workDir,
        int kafkaPort,
        int controllerPort,
        int registryPort,
        int registryManagementPort,
        Path apicurioHome,
        Path javaExecutable,
        String brokerHeap,
        String registryHeap,
        Duration startTimeout,
        Duration stopGrace,
        TopicCatalogue.Settings topics) {

    /** Environment variable that points at another Apicurio distribution. */
    public static final String APICURIO_HOME_ENV = "FRAUDSTREAM_APICURIO_HOME";

    public LocalStackSettings {
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(apicurioHome, "apicurioHome");
        Objects.requireNonNull(javaExecutable, "javaExecutable");
        Objects.requireNonNull(topics, "topics");
        for (int port : new int[] {kafkaPort, controllerPort, registryPort, registryManagementPort}) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }
    }

    /** Defaults: free ports, the Apicurio distribution unpacked by the build, this JVM's java, 90 s to start. */
    public static LocalStackSettings defaults(Path workDir) {
        return new LocalStackSettings(
                workDir.toAbsolutePath(),
                0,
                0,
                0,
                0,
                defaultApicurioHome(),
                currentJava(),
                "768m",
                "512m",
                Duration.ofSeconds(90),
                Duration.ofSeconds(20),
                TopicCatalogue.Settings.defaults());
    }

    public LocalStackSettings withPorts(int kafka, int controller, int registry, int registryManagement) {
        return new LocalStackSettings(
                workDir,
                kafka,
                controller,
                registry,
                registryManagement,
                apicurioHome,
                javaExecutable,
                brokerHeap,
                registryHeap,
                startTimeout,
                stopGrace,
                topics);
    }

    public LocalStackSettings withApicurioHome(Path home) {
        return new LocalStackSettings(
                workDir,
                kafkaPort,
                controllerPort,
                registryPort,
                registryManagementPort,
                home,
                javaExecutable,
                brokerHeap,
                registryHeap,
                startTimeout,
                stopGrace,
                topics);
    }

    public LocalStackSettings withStartTimeout(Duration timeout) {
        return new LocalStackSettings(
                workDir,
                kafkaPort,
                controllerPort,
                registryPort,
                registryManagementPort,
                apicurioHome,
                javaExecutable,
                brokerHeap,
                registryHeap,
                timeout,
                stopGrace,
                topics);
    }

    /** The file that {@code ./fraudstream local start} writes and every other subcommand reads. */
    public Path stateFile() {
        return StackState.file(workDir);
    }

    /** {@value #APICURIO_HOME_ENV} if set, else the directory the build unpacked the distribution into. */
    static Path defaultApicurioHome() {
        String env = System.getenv(APICURIO_HOME_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(buildProperties().getProperty("apicurio.home"));
    }

    static Properties buildProperties() {
        try (InputStream in = LocalStackSettings.class.getResourceAsStream("local-stack.properties")) {
            if (in == null) {
                throw new IllegalStateException(
                        "local-stack.properties missing from the classpath: rebuild with ./mvnw package");
            }
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path currentJava() {
        return ProcessHandle.current()
                .info()
                .command()
                .map(Path::of)
                .filter(Files::isExecutable)
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java"));
    }
}
