package io.fraudstream.ingest;

import io.fraudstream.ingest.http.IngestHttpApi;
import io.fraudstream.ingest.http.RequestMapper;
import io.fraudstream.ingest.kafka.IngestPublisher;
import io.fraudstream.runtime.config.ConfigDocumentation;
import io.fraudstream.runtime.config.ConfigLoader;
import io.fraudstream.runtime.health.Health;
import io.fraudstream.runtime.health.Status;
import io.fraudstream.runtime.http.ServiceHttpServer;
import io.fraudstream.runtime.lifecycle.ShutdownHook;
import io.fraudstream.runtime.logging.Logging;
import io.fraudstream.runtime.metrics.Metrics;
import io.fraudstream.runtime.topics.ServiceTopics;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.topics.TopicCatalogue;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP ingest service: config, schema registry client, topic catalogue (provisioned at start unless
 * {@code topics.provision=false}), the shared {@link IngestPublisher}, and the HTTP API on the runtime's
 * {@link ServiceHttpServer} with {@code /health}, {@code /ready} (Kafka reachable) and {@code /metrics}.
 *
 * <p>Run it alone: {@code java -cp ingest-service.jar:lib/* io.fraudstream.ingest.IngestService [config.properties]
 * [key=value ...]}; or through {@code ./fraudstream ingest}.
 */
public final class IngestService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

    private final IngestConfig config;
    private final Metrics metrics;
    private final SchemaRegistryClient registry;
    private final IngestPublisher publisher;
    private final ServiceHttpServer server;

    private IngestService(
            IngestConfig config,
            Metrics metrics,
            SchemaRegistryClient registry,
            IngestPublisher publisher,
            ServiceHttpServer server) {
        this.config = config;
        this.metrics = metrics;
        this.registry = registry;
        this.publisher = publisher;
        this.server = server;
    }

    /** Builds and starts the service; returns once the HTTP endpoints listen. */
    public static IngestService start(IngestConfig config) {
        ServiceTopics topics = ServiceTopics.open(config, config.autoRegisterSchemas());
        SchemaRegistryClient registry = topics.registry();
        Metrics metrics = Metrics.create(config.serviceName());
        IngestPublisher publisher = null;
        try {
            TopicCatalogue catalogue = topics.catalogue();
            publisher = new IngestPublisher(catalogue, config.ingestProducerProps(), metrics.registry());
            RequestMapper mapper = new RequestMapper(config.cardTokenizer(), Clock.systemUTC(), config.futureSkew());
            IngestHttpApi api = new IngestHttpApi(
                    mapper,
                    publisher,
                    config.batchMaxSize(),
                    config.maxBodyBytes(),
                    config.apiKey(),
                    config.retryAfterSeconds(),
                    metrics.registry());
            IngestPublisher p = publisher;
            Health health = new Health()
                    .liveness("http", () -> Status.up())
                    .readiness(
                            "kafka",
                            () -> p.isKafkaReachable()
                                    ? Status.up()
                                    : Status.down("the last send failed: Kafka or the schema registry unreachable"));
            ServiceHttpServer server = ServiceHttpServer.create(config, health, metrics)
                    .routes(api::register)
                    .start();
            LOG.info(
                    "ingest service on http://{}:{} (POST {}, {}, {}; api key {}; topics {} / {})",
                    config.httpHost(),
                    server.port(),
                    IngestHttpApi.TRANSACTIONS_PATH,
                    IngestHttpApi.BATCH_PATH,
                    IngestHttpApi.LABELS_PATH,
                    config.apiKey().isPresent() ? "required" : "not required",
                    catalogue.transactionsRaw().name(),
                    catalogue.transactionsLabels().name());
            return new IngestService(config, metrics, registry, publisher, server);
        } catch (RuntimeException e) {
            if (publisher != null) publisher.close(config.shutdownTimeout());
            registry.close();
            metrics.close();
            throw e;
        }
    }

    /** The bound HTTP port. */
    public int port() {
        return server.port();
    }

    /** The service's publisher. */
    public IngestPublisher publisher() {
        return publisher;
    }

    public IngestConfig config() {
        return config;
    }

    /** Stops accepting requests, flushes and closes the producer, then the rest. */
    @Override
    public void close() {
        server.close();
        publisher.close(config.shutdownTimeout());
        registry.close();
        metrics.close();
        LOG.info("ingest service stopped");
    }

    /**
     * Loads the config: defaults, the local stack file ({@code .fraudstream/local/connection.properties} under
     * the working directory unless {@code local.stack.file} is set), an optional properties file, FRAUDSTREAM_*
     * environment variables, and {@code overrides}.
     */
    public static IngestConfig loadConfig(Path propertiesFile, Map<String, String> overrides, Path home) {
        // the default stack file applies only if it exists: not in a container, where the environment says where Kafka
        // is
        Path stackFile = io.fraudstream.runtime.config.LocalStackFile.in(home.resolve(".fraudstream/local"));
        ConfigLoader loader = ConfigLoader.create().withPropertiesFile(java.util.Optional.ofNullable(propertiesFile));
        return io.fraudstream.runtime.config.LocalStackFile.locate(
                        loader, java.util.Optional.empty(), java.util.Optional.of(stackFile), overrides)
                .load(IngestConfig.definition(), IngestConfig::new);
    }

    /** {@code IngestService [--help] [file.properties] [key=value ...]}; runs until SIGTERM. */
    public static void main(String[] args) throws InterruptedException {
        Logging.install();
        Path file = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println("usage: IngestService [file.properties] [key=value ...]\n\n"
                        + ConfigDocumentation.describe(IngestConfig.definition()));
                return;
            }
            int eq = a.indexOf('=');
            if (eq > 0) overrides.put(a.substring(0, eq), a.substring(eq + 1));
            else file = Path.of(a);
        }
        IngestConfig config;
        try {
            config = loadConfig(file, overrides, Path.of(System.getProperty("fraudstream.home", ".")));
        } catch (ConfigException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        runUntilStopped(config);
    }

    /** Starts the service and blocks until the JVM is asked to stop. */
    public static void runUntilStopped(IngestConfig config) throws InterruptedException {
        IngestService service = start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        ShutdownHook.install("ingest-service", () -> {
            service.close();
            stopped.countDown();
        });
        stopped.await();
    }
}
