package io.fraudstream.scoring;

import io.fraudstream.models.TestModels;
import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ScoredTransaction;
import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.schemas.registry.InMemorySchemaRegistry;
import io.fraudstream.schemas.serde.AvroSerdes;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.scoring.model.ModelRegistry;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The scoring topology in a TopologyTestDriver with typed topics. Close it. */
final class ScoringDriver implements AutoCloseable {

    final TopicCatalogue topics = TopicCatalogue.create(
            TopicCatalogue.Settings.defaults(), AvroSerdes.create(new InMemorySchemaRegistry(), true));
    final ScoringMetrics metrics = ScoringMetrics.noop();
    final ModelRegistry registry = new ModelRegistry();
    final TopologyTestDriver driver;
    final TestInputTopic<String, TransactionFeatures> features;
    final TestInputTopic<String, byte[]> featureBytes;
    final TestInputTopic<String, ModelRecord> models;
    final TestInputTopic<String, byte[]> modelBytes;
    final TestOutputTopic<String, ScoredTransaction> scored;
    final TestOutputTopic<String, ScoredTransaction> alerts;
    final TestOutputTopic<byte[], DeadLetter> dlq;

    ScoringDriver() {
        this(ScoringSettings.defaults());
    }

    ScoringDriver(ScoringSettings settings) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "scoring-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.putAll(ScoringConfig.failurePolicy(topics, metrics));
        driver = new TopologyTestDriver(
                ScoringTopology.build(
                        topics,
                        Optional.of(TestModels.SIGNER),
                        settings.withClock(Clock.fixed(Txns.MONDAY_NOON.plusMillis(5), ZoneOffset.UTC)),
                        registry,
                        metrics),
                props,
                Txns.MONDAY_NOON);
        features = driver.createInputTopic(
                topics.transactionsFeatures().name(),
                new StringSerializer(),
                topics.transactionsFeatures().valueSerde().serializer());
        featureBytes = driver.createInputTopic(
                topics.transactionsFeatures().name(), new StringSerializer(), new ByteArraySerializer());
        models = driver.createInputTopic(
                topics.fraudModels().name(),
                new StringSerializer(),
                topics.fraudModels().valueSerde().serializer());
        modelBytes =
                driver.createInputTopic(topics.fraudModels().name(), new StringSerializer(), new ByteArraySerializer());
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

    private static String stateDir() {
        try {
            return java.nio.file.Files.createTempDirectory("scoring-test").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    void publish(ModelRecord r) {
        models.pipeInput(r.getSlot().name().toLowerCase(java.util.Locale.ROOT), r);
    }

    void send(TransactionFeatures f) {
        features.pipeInput(f.getTransaction().getCardToken(), f);
    }

    @Override
    public void close() {
        driver.close();
    }
}
