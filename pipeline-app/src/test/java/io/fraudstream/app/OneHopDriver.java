package io.fraudstream.app;

import io.fraudstream.featurestream.FeatureSettings;
import io.fraudstream.featurestream.FeatureStreamMetrics;
import io.fraudstream.featurestream.stages.InputProgress;
import io.fraudstream.models.TestModels;
import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ScoredTransaction;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.schemas.registry.InMemorySchemaRegistry;
import io.fraudstream.schemas.serde.AvroSerdes;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.scoring.ScoringMetrics;
import io.fraudstream.scoring.ScoringSettings;
import io.fraudstream.scoring.model.ModelRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The one-hop topology in a TopologyTestDriver, with the Kafka Streams properties the application runs with
 * ({@link PipelineAppConfig#appStreamsProps}: exactly-once, explicit naming, dead-letter handlers). Close it.
 */
final class OneHopDriver implements AutoCloseable {

    /** The wall clock of the tests: a day after {@link Txns#MONDAY_NOON}. */
    static final Instant NOW = Txns.MONDAY_NOON.plusSeconds(86_400);

    final TopicCatalogue topics = TopicCatalogue.create(
            TopicCatalogue.Settings.defaults(), AvroSerdes.create(new InMemorySchemaRegistry(), true));
    final FeatureStreamMetrics featureMetrics = FeatureStreamMetrics.noop();
    final ScoringMetrics scoringMetrics = ScoringMetrics.noop();
    final ModelRegistry registry = new ModelRegistry();
    final FeatureSettings featureSettings = FeatureSettings.defaults(Clock.fixed(NOW, ZoneOffset.UTC), 1);
    final ScoringSettings scoringSettings;
    final Topology topology;
    final TopologyTestDriver driver;
    final TestInputTopic<String, Transaction> raw;
    final TestInputTopic<String, byte[]> rawBytes;
    final TestInputTopic<String, ModelRecord> models;
    final TestOutputTopic<String, TransactionFeatures> features;
    final TestOutputTopic<String, byte[]> featureBytes;
    final TestOutputTopic<String, ScoredTransaction> scored;
    final TestOutputTopic<String, ScoredTransaction> alerts;
    final TestOutputTopic<byte[], DeadLetter> dlq;

    OneHopDriver(ScoringSettings scoring) {
        this.scoringSettings = scoring.withClock(Clock.fixed(NOW, ZoneOffset.UTC));
        topology = PipelineAppTopology.build(
                topics,
                new PipelineAppTopology.Features(featureSettings, featureMetrics, InputProgress.ALWAYS_CAUGHT_UP),
                new PipelineAppTopology.Scoring(
                        Optional.of(TestModels.SIGNER), scoringSettings, registry, scoringMetrics));
        Properties props = new Properties();
        props.putAll(streamsProps(topics, featureMetrics));
        props.put(StreamsConfig.STATE_DIR_CONFIG, tempDir("one-hop-test"));
        driver = new TopologyTestDriver(topology, props, Txns.MONDAY_NOON);
        raw = driver.createInputTopic(
                topics.transactionsRaw().name(),
                new StringSerializer(),
                topics.transactionsRaw().valueSerde().serializer());
        rawBytes = driver.createInputTopic(
                topics.transactionsRaw().name(), new StringSerializer(), new ByteArraySerializer());
        models = driver.createInputTopic(
                topics.fraudModels().name(),
                new StringSerializer(),
                topics.fraudModels().valueSerde().serializer());
        features = driver.createOutputTopic(
                topics.transactionsFeatures().name(),
                new StringDeserializer(),
                topics.transactionsFeatures().valueSerde().deserializer());
        featureBytes = driver.createOutputTopic(
                topics.transactionsFeatures().name(), new StringDeserializer(), new ByteArrayDeserializer());
        scored = driver.createOutputTopic(
                topics.transactionsScored().name(),
                new StringDeserializer(),
                topics.transactionsScored().valueSerde().deserializer());
        alerts = driver.createOutputTopic(
                topics.fraudAlerts().name(),
                new StringDeserializer(),
                topics.fraudAlerts().valueSerde().deserializer());
        dlq = driver.createOutputTopic(
                topics.transactionsDlq().name(),
                new ByteArrayDeserializer(),
                topics.transactionsDlq().valueSerde().deserializer());
    }

    /** The application's own Kafka Streams properties, with placeholders for the broker. */
    static Map<String, Object> streamsProps(TopicCatalogue topics, FeatureStreamMetrics metrics) {
        PipelineAppConfig cfg = new PipelineAppConfig(Map.of(RuntimeConfig.KAFKA_BOOTSTRAP_SERVERS, "unused:9092"));
        return cfg.appStreamsProps(topics, metrics, 0);
    }

    void publish(ModelRecord r) {
        models.pipeInput(r.getSlot().name().toLowerCase(Locale.ROOT), r);
    }

    void send(Transaction tx) {
        raw.pipeInput(tx.getCardToken(), tx, tx.getEventTime());
    }

    /**
     * Lets wall-clock time pass until every upstream task has said it is idle, so the merchant stage applies what it
     * holds (in a live stream: once every upstream task's watermark has passed), publishes its state, and the card
     * tasks complete the transactions that waited for it.
     */
    void releaseHeld() {
        driver.advanceWallClockTime(featureSettings
                .ordering()
                .idleAfter()
                .plus(featureSettings.ordering().interval()));
        driver.advanceWallClockTime(featureSettings.ordering().publishInterval()); // the merchant stage publishes
        driver.advanceWallClockTime(featureSettings.ordering().interval()); // the card tasks complete what waited
    }

    static String tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
