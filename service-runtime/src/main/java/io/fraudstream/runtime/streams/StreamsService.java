package io.fraudstream.runtime.streams;

import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.runtime.health.Health;
import io.fraudstream.runtime.lifecycle.ShutdownHook;
import io.fraudstream.runtime.metrics.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Kafka Streams topology for a service:
 * <ul>
 *     <li>logs {@code topology.describe()} at start;</li>
 *     <li>answers uncaught stream-thread exceptions per {@link RuntimeConfig#uncaughtExceptionPolicy()}, logging
 *     them and counting them in {@value #UNCAUGHT_EXCEPTIONS_METRIC};</li>
 *     <li>registers the {@value #CHECK_NAME} checks: ready only in {@code RUNNING}, alive unless in
 *     {@code PENDING_ERROR}/{@code ERROR} (see {@link StreamsHealth});</li>
 *     <li>binds the Kafka Streams metrics;</li>
 *     <li>unless {@code state.dir} is set, keeps its state in an {@link InstanceStateDir} of its own under the working
 *     directory's {@code .fraudstream/state}, released on close;</li>
 *     <li>closes within {@link RuntimeConfig#shutdownTimeout()}, on {@link #close()} or on JVM shutdown (SIGTERM),
 *     then closes what was handed to {@link #closeAfter}, such as the HTTP server. Closing is idempotent.</li>
 * </ul>
 * <pre>{@code
 * StreamsService streams = new StreamsService(topology, cfg.streamsProps(), cfg, health, metrics)
 *         .closeAfter(httpServer, metrics);
 * httpServer.start();
 * streams.start();
 * }</pre>
 */
public final class StreamsService implements AutoCloseable {

    /** Name of the liveness and readiness checks this service registers. */
    public static final String CHECK_NAME = "kafka-streams";
    /** Counter of uncaught stream-thread exceptions. */
    public static final String UNCAUGHT_EXCEPTIONS_METRIC = "fraudstream.streams.uncaught.exceptions";

    private static final Logger log = LoggerFactory.getLogger(StreamsService.class);

    private final Topology topology;
    private final KafkaStreams streams;
    private final Duration closeTimeout;
    private final String serviceName;
    private final KafkaStreamsMetrics streamsMetrics;
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.concurrent.CountDownLatch fullyClosed = new java.util.concurrent.CountDownLatch(1);
    private volatile ShutdownHook shutdownHook;
    private final java.util.Optional<InstanceStateDir> instanceStateDir;

    /**
     * Creates (does not start) Kafka Streams for {@code topology}.
     *
     * @param topology     the topology to run
     * @param streamsProps Kafka Streams settings, usually {@link RuntimeConfig#streamsProps()} plus the service's
     *                     own (a {@link java.util.Properties} works too)
     * @param config       for the exception policy, the close timeout and the service name
     * @param health       where the {@value #CHECK_NAME} checks are registered
     * @param metrics      where the Streams metrics are bound
     */
    public StreamsService(
            Topology topology, Map<?, ?> streamsProps, RuntimeConfig config, Health health, Metrics metrics) {
        this(topology, streamsProps, config, health, metrics, InstanceStateDir.defaultRoot());
    }

    /** As the public constructor, with default state directories under {@code stateRoot} (for tests). */
    StreamsService(
            Topology topology,
            Map<?, ?> streamsProps,
            RuntimeConfig config,
            Health health,
            Metrics metrics,
            Path stateRoot) {
        this.topology = Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(streamsProps, "streamsProps");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(metrics, "metrics");
        this.closeTimeout = config.shutdownTimeout();
        this.serviceName = config.serviceName();
        Map<Object, Object> props = new java.util.HashMap<>(streamsProps);
        this.instanceStateDir = props.get(StreamsConfig.STATE_DIR_CONFIG) != null
                ? java.util.Optional.empty()
                : java.util.Optional.of(InstanceStateDir.acquire(
                        stateRoot, String.valueOf(props.get(StreamsConfig.APPLICATION_ID_CONFIG))));
        instanceStateDir.ifPresent(dir -> {
            props.put(StreamsConfig.STATE_DIR_CONFIG, dir.path().toString());
            log.info("Kafka Streams state of {} in {}", serviceName, dir);
        });
        try {
            this.streams = new KafkaStreams(topology, new StreamsConfig(props));
        } catch (RuntimeException e) {
            instanceStateDir.ifPresent(InstanceStateDir::close);
            throw e;
        }
        Counter uncaught = Counter.builder(UNCAUGHT_EXCEPTIONS_METRIC)
                .description("Uncaught exceptions in Kafka Streams threads")
                .register(metrics.registry());
        streams.setUncaughtExceptionHandler(
                UncaughtExceptionPolicy.handler(config.uncaughtExceptionPolicy(), uncaught::increment));
        streams.setStateListener((newState, oldState) -> log.info("Kafka Streams {} -> {}", oldState, newState));
        health.readiness(CHECK_NAME, () -> StreamsHealth.readiness(streams.state()));
        health.liveness(CHECK_NAME, () -> StreamsHealth.liveness(streams.state()));
        this.streamsMetrics = metrics.bindStreams(streams);
    }

    /**
     * Things to close after Kafka Streams, in the given order (the HTTP server, the metrics...). Call before
     * {@link #start()}.
     */
    public synchronized StreamsService closeAfter(AutoCloseable... closeables) {
        for (AutoCloseable c : closeables) {
            closeAfter.add(Objects.requireNonNull(c, "closeable"));
        }
        return this;
    }

    /** Logs the topology, installs the shutdown hook and starts Kafka Streams. */
    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("closed");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        log.info("starting Kafka Streams for {}:\n{}", serviceName, topology.describe());
        shutdownHook = ShutdownHook.install(serviceName, this);
        streams.start();
    }

    /** The Kafka Streams instance, for interactive queries. */
    public KafkaStreams streams() {
        return streams;
    }

    /** The state directory this instance holds, unless {@code state.dir} was configured. */
    public java.util.Optional<Path> stateDir() {
        return instanceStateDir.map(InstanceStateDir::path);
    }

    /** The current Kafka Streams state. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * Closes Kafka Streams (waiting up to the configured shutdown timeout), then everything given to
     * {@link #closeAfter}. Idempotent; failures are logged, not thrown.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("closing Kafka Streams for {} (timeout {})", serviceName, closeTimeout);
        streamsMetrics.close();
        // Leave the consumer group on a graceful stop, so the remaining or restarted instances take the partitions
        // over at once instead of after the session timeout (45 s by default).
        if (!streams.close(org.apache.kafka.streams.CloseOptions.groupMembershipOperation(
                        org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(closeTimeout))) {
            log.warn("Kafka Streams did not close within {}; state {}", closeTimeout, streams.state());
        }
        List<AutoCloseable> others;
        synchronized (this) {
            others = List.copyOf(closeAfter);
        }
        for (AutoCloseable c : others) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("closing {} failed", c, e);
            }
        }
        instanceStateDir.ifPresent(InstanceStateDir::close);
        ShutdownHook hook = shutdownHook;
        if (hook != null) {
            hook.uninstall();
        }
        fullyClosed.countDown();
    }

    /** Blocks until {@link #close()} (called directly or by the SIGTERM hook) has finished. */
    public void awaitClosed() throws InterruptedException {
        fullyClosed.await();
    }
}
