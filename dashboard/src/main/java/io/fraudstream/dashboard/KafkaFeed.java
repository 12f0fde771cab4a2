package io.fraudstream.dashboard;

import io.fraudstream.runtime.health.Status;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ScoredTransaction;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the catalogue's transactions.scored, fraud.alerts and fraud.models topics on one thread and hands every
 * record to {@link LiveStats}.
 *
 * <p>One consumer, {@code read_committed} (so exactly-once output is seen once, and only once committed), in a consumer
 * group of its own ({@code <service.name>-<random>}) that commits nothing: every dashboard instance sees everything,
 * however many scoring instances write. Where each topic starts, on first assignment: transactions.scored at the end
 * (live figures only), fraud.alerts at the last {@code recentAlerts} records of each partition (so the page lists
 * recent alerts at once), fraud.models at the beginning (the model history). A partition assigned again after a
 * rebalance continues where this consumer left it.
 *
 * <p>A record that cannot be deserialized is counted, logged and skipped. Any other failure stops the feed and
 * turns liveness DOWN.
 */
final class KafkaFeed implements AutoCloseable {

    /** Counter of records read, tagged {@code topic} (the catalogue id). */
    static final String RECORDS_METER = "fraudstream.dashboard.records";
    /** Counter of records skipped because they could not be deserialized, tagged {@code topic}. */
    static final String UNREADABLE_METER = "fraudstream.dashboard.unreadable";

    private static final Logger log = LoggerFactory.getLogger(KafkaFeed.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final LiveStats stats;
    private final Clock clock;
    private final int recentAlerts;
    private final String scoredTopic;
    private final String alertsTopic;
    private final String modelsTopic;
    private final Deserializer<ScoredTransaction> scored;
    private final Deserializer<ScoredTransaction> alerts;
    private final Deserializer<ModelRecord> models;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final Map<String, Counter> read = new HashMap<>();
    private final Map<String, Counter> skipped = new HashMap<>();
    /** Next offset to read of every partition seen, for partitions assigned again; feed thread only. */
    private final Map<TopicPartition, Long> positions = new HashMap<>();

    private volatile boolean positioned;
    private volatile boolean closing;
    private volatile Throwable failure;

    /**
     * @param topics        the catalogue (names and value serdes)
     * @param consumerProps the service's consumer settings; group, isolation, offsets and fetch sizes are set here
     * @param groupPrefix   prefix of this instance's consumer group id (the service name)
     * @param recentAlerts  alerts to read back per partition at start
     */
    KafkaFeed(
            TopicCatalogue topics,
            Map<String, Object> consumerProps,
            String groupPrefix,
            int recentAlerts,
            LiveStats stats,
            Clock clock,
            MeterRegistry meters) {
        this.stats = stats;
        this.clock = clock;
        this.recentAlerts = recentAlerts;
        this.scoredTopic = topics.transactionsScored().name();
        this.alertsTopic = topics.fraudAlerts().name();
        this.modelsTopic = topics.fraudModels().name();
        this.scored = topics.transactionsScored().valueSerde().deserializer();
        this.alerts = topics.fraudAlerts().valueSerde().deserializer();
        this.models = topics.fraudModels().valueSerde().deserializer();
        for (var spec : List.of(topics.transactionsScored(), topics.fraudAlerts(), topics.fraudModels())) {
            read.put(
                    spec.name(),
                    Counter.builder(RECORDS_METER)
                            .tag("topic", spec.id())
                            .description("Records the dashboard read")
                            .register(meters));
            skipped.put(
                    spec.name(),
                    Counter.builder(UNREADABLE_METER)
                            .tag("topic", spec.id())
                            .description("Records the dashboard could not deserialize and skipped")
                            .register(meters));
        }
        String group = groupPrefix + "-" + UUID.randomUUID();
        this.consumer =
                new KafkaConsumer<>(props(consumerProps, group), new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "dashboard-feed");
        log.info("dashboard reads {}, {} and {} in consumer group {}", scoredTopic, alertsTopic, modelsTopic, group);
    }

    private static Map<String, Object> props(Map<String, Object> consumerProps, String group) {
        Map<String, Object> p = new LinkedHashMap<>(TopicCatalogue.MODEL_CONSUMER_CONFIGS);
        p.putAll(consumerProps);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, group);
        return p;
    }

    /** Starts reading on the feed thread. */
    void start() {
        thread.start();
    }

    /** True once every topic's partitions are assigned and positioned: records written from now on will be read. */
    boolean positioned() {
        return positioned;
    }

    /** Liveness: DOWN once the feed stopped on a failure. */
    Status liveness() {
        Throwable f = failure;
        return f == null ? Status.up() : Status.down("the Kafka feed stopped: " + f);
    }

    /** Readiness: UP once {@link #positioned()}. */
    Status readiness() {
        return positioned
                ? Status.up()
                : Status.down(
                        "waiting for the partitions of " + scoredTopic + ", " + alertsTopic + " and " + modelsTopic);
    }

    private void run() {
        try {
            consumer.subscribe(List.of(scoredTopic, alertsTopic, modelsTopic), new Positioner());
            while (!closing) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                long receivedAt = clock.millis();
                for (TopicPartition tp : records.partitions()) {
                    List<ConsumerRecord<String, byte[]>> batch = records.records(tp);
                    batch.forEach(r -> handle(r, receivedAt));
                    positions.put(tp, batch.getLast().offset() + 1);
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                failure = e;
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            log.error("the dashboard's Kafka feed stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r, long receivedAt) {
        read.get(r.topic()).increment();
        try {
            if (r.topic().equals(scoredTopic)) {
                stats.onScored(scored.deserialize(r.topic(), r.value()), receivedAt);
            } else if (r.topic().equals(alertsTopic)) {
                stats.onAlert(alerts.deserialize(r.topic(), r.value()));
            } else if (r.value() == null) {
                stats.onModelRemoved(r.key());
            } else {
                stats.onModel(models.deserialize(r.topic(), r.value()), r.timestamp());
            }
        } catch (RuntimeException e) {
            stats.onUnreadable();
            skipped.get(r.topic()).increment();
            log.warn(
                    "skipped an unreadable record at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
        }
    }

    /** Positions newly assigned partitions (see the class comment); runs on the feed thread, inside poll. */
    private final class Positioner implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            positioned = false;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Set<TopicPartition> fresh = new HashSet<>();
            for (TopicPartition tp : partitions) {
                Long next = positions.get(tp);
                if (next != null) {
                    consumer.seek(tp, next);
                } else {
                    fresh.add(tp);
                }
            }
            List<TopicPartition> models =
                    fresh.stream().filter(tp -> tp.topic().equals(modelsTopic)).toList();
            List<TopicPartition> alertParts =
                    fresh.stream().filter(tp -> tp.topic().equals(alertsTopic)).toList();
            consumer.seekToBeginning(models);
            if (!alertParts.isEmpty()) {
                Map<TopicPartition, Long> begin = consumer.beginningOffsets(alertParts);
                consumer.endOffsets(alertParts)
                        .forEach((tp, end) -> consumer.seek(tp, Math.max(begin.get(tp), end - recentAlerts)));
            }
            for (TopicPartition tp : fresh) {
                positions.put(
                        tp, consumer.position(tp)); // resolves "latest" now, so records written after this are read
            }
            Set<String> assigned = new HashSet<>();
            consumer.assignment().forEach(tp -> assigned.add(tp.topic()));
            positioned = assigned.containsAll(List.of(scoredTopic, alertsTopic, modelsTopic));
            log.info(
                    "dashboard feed assigned {} partitions{}",
                    consumer.assignment().size(),
                    positioned ? "" : " (waiting for all of " + List.of(scoredTopic, alertsTopic, modelsTopic) + ")");
        }
    }

    /** Stops the feed thread and closes the consumer; waits up to {@code timeout}. Idempotent. */
    void close(Duration timeout) {
        closing = true;
        consumer.wakeup();
        if (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (thread.getState() == Thread.State.NEW) {
            consumer.close(Duration.ZERO); // never started: the feed thread will not close it
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
