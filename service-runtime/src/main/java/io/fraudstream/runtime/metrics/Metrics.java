package io.fraudstream.runtime.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics of one service: one {@link PrometheusMeterRegistry} whose meters all carry {@code service=<name>},
 * with JVM and process metrics bound, and Kafka client and Streams metrics bound on request.
 *
 * <p>Bind Kafka clients after creating them and close the returned binder (or this object) before closing the
 * client. {@link #close()} closes every binder it made, then the registry. Thread-safe.
 */
public final class Metrics implements AutoCloseable {

    /** Prometheus text exposition format 0.0.4, what {@link #scrape()} writes. */
    public static final String PROMETHEUS_TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** OpenMetrics 1.0 text format, written by {@link #scrape(String)} when asked for it. */
    public static final String OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    /** The common tag every meter carries. */
    public static final String SERVICE_TAG = "service";

    private static final Logger log = LoggerFactory.getLogger(Metrics.class);

    private final PrometheusMeterRegistry registry;
    private final Deque<AutoCloseable> binders = new ArrayDeque<>();
    private boolean closed;

    private Metrics(String serviceName) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags(SERVICE_TAG, serviceName);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        binders.push(gc);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** A registry tagged {@code service=serviceName}, with JVM (memory, GC, threads, class loading) and process (CPU, uptime) metrics. */
    public static Metrics create(String serviceName) {
        if (serviceName == null || serviceName.isBlank()) {
            throw new IllegalArgumentException("serviceName must not be blank");
        }
        return new Metrics(serviceName);
    }

    /** The registry, for services' own meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter in the Prometheus text format ({@value #PROMETHEUS_TEXT_CONTENT_TYPE}). */
    public String scrape() {
        return registry.scrape();
    }

    /**
     * Every meter in the format of {@code contentType}: {@link #OPENMETRICS_CONTENT_TYPE} or
     * {@link #PROMETHEUS_TEXT_CONTENT_TYPE}.
     */
    public String scrape(String contentType) {
        return registry.scrape(contentType);
    }

    /** Binds a producer's metrics; close the result before the producer. */
    public KafkaClientMetrics bindProducer(Producer<?, ?> producer) {
        return track(new KafkaClientMetrics(Objects.requireNonNull(producer, "producer")));
    }

    /** Binds a consumer's metrics; close the result before the consumer. */
    public KafkaClientMetrics bindConsumer(Consumer<?, ?> consumer) {
        return track(new KafkaClientMetrics(Objects.requireNonNull(consumer, "consumer")));
    }

    /**
     * Binds an admin client's metrics; close the result before the client.
     *
     * @param admin as returned by {@link Admin#create}
     */
    public KafkaClientMetrics bindAdmin(Admin admin) {
        if (!(admin instanceof AdminClient client)) {
            throw new IllegalArgumentException(
                    "cannot bind metrics of " + admin.getClass().getName() + ": not an AdminClient");
        }
        return track(new KafkaClientMetrics(client));
    }

    /** Binds a Kafka Streams instance's metrics (including its clients'); close the result before the streams. */
    public KafkaStreamsMetrics bindStreams(KafkaStreams streams) {
        return track(new KafkaStreamsMetrics(Objects.requireNonNull(streams, "streams")));
    }

    private KafkaClientMetrics track(KafkaClientMetrics binder) {
        return track(binder, binder);
    }

    private KafkaStreamsMetrics track(KafkaStreamsMetrics binder) {
        return track(binder, binder);
    }

    private synchronized <B extends MeterBinder> B track(B binder, AutoCloseable closer) {
        if (closed) {
            throw new IllegalStateException("metrics closed");
        }
        binder.bindTo(registry);
        binders.push(closer);
        return binder;
    }

    /** Closes every binder made here (most recent first), then the registry. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!binders.isEmpty()) {
            AutoCloseable binder = binders.pop();
            try {
                binder.close();
            } catch (Exception e) {
                log.warn("closing metrics binder {} failed", binder, e);
            }
        }
        registry.close();
    }
}
