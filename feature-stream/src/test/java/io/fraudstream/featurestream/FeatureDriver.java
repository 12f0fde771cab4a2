package io.fraudstream.featurestream;

import io.fraudstream.schemas.avro.CardProfile;
import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.MerchantProfile;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.schemas.registry.InMemorySchemaRegistry;
import io.fraudstream.schemas.serde.AvroSerdes;
import io.fraudstream.schemas.topics.TopicCatalogue;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** The feature topology in a TopologyTestDriver, with typed input and output topics. Close it. */
final class FeatureDriver implements AutoCloseable {

    final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    final TopicCatalogue topics =
            TopicCatalogue.create(TopicCatalogue.Settings.defaults(), AvroSerdes.create(registry, true));
    final FeatureStreamMetrics metrics = FeatureStreamMetrics.noop();
    final FeatureSettings settings;
    final TopologyTestDriver driver;
    final TestInputTopic<String, Transaction> raw;
    final TestInputTopic<String, byte[]> rawBytes;
    final TestInputTopic<String, FraudLabel> labels;
    final TestInputTopic<String, byte[]> labelBytes;
    final TestInputTopic<String, MerchantProfile> merchants;
    final TestInputTopic<String, CardProfile> cards;
    final Released features;
    final TestOutputTopic<byte[], DeadLetter> dlq;

    FeatureDriver() {
        this(s -> s);
    }

    FeatureDriver(UnaryOperator<FeatureSettings> customise) {
        settings = customise.apply(FeatureSettings.defaults(Clock.fixed(Txns.NOW, ZoneOffset.UTC), 1));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "feature-stream-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.putAll(FeatureStreamConfig.handlerProps(topics, metrics));
        driver = new TopologyTestDriver(FeatureTopology.build(topics, settings, metrics), props, Txns.MONDAY_NOON);
        raw = driver.createInputTopic(
                topics.transactionsRaw().name(),
                new StringSerializer(),
                topics.transactionsRaw().valueSerde().serializer());
        rawBytes = driver.createInputTopic(
                topics.transactionsRaw().name(), new StringSerializer(), new ByteArraySerializer());
        labels = driver.createInputTopic(
                topics.transactionsLabels().name(),
                new StringSerializer(),
                topics.transactionsLabels().valueSerde().serializer());
        labelBytes = driver.createInputTopic(
                topics.transactionsLabels().name(), new StringSerializer(), new ByteArraySerializer());
        merchants = driver.createInputTopic(
                topics.referenceMerchants().name(),
                new StringSerializer(),
                topics.referenceMerchants().valueSerde().serializer());
        cards = driver.createInputTopic(
                topics.referenceCards().name(),
                new StringSerializer(),
                topics.referenceCards().valueSerde().serializer());
        features = new Released(driver.createOutputTopic(
                topics.transactionsFeatures().name(),
                topics.transactionsFeatures().keySerde().deserializer(),
                topics.transactionsFeatures().valueSerde().deserializer()));
        dlq = driver.createOutputTopic(
                topics.transactionsDlq().name(),
                topics.transactionsDlq().keySerde().deserializer(),
                topics.transactionsDlq().valueSerde().deserializer());
    }

    /** Pipes {@code tx} keyed by its card token. */
    FeatureDriver send(Transaction tx) {
        raw.pipeInput(tx.getCardToken(), tx, tx.getEventTime());
        return this;
    }

    FeatureDriver send(Transaction.Builder tx) {
        return send(tx.build());
    }

    FeatureDriver send(FraudLabel label) {
        labels.pipeInput(label.getCardToken(), label, label.getLabelTime());
        return this;
    }

    /** The single feature record emitted since the last read. */
    TransactionFeatures one() {
        List<TransactionFeatures> out = features.readValuesToList();
        if (out.size() != 1) {
            throw new AssertionError("expected one feature record, got " + out.size() + ": " + out);
        }
        return out.get(0);
    }

    /**
     * Lets wall-clock time pass until every upstream task has said it is idle, so the merchant stage applies what it
     * holds (in a live stream: once every upstream task's watermark has passed), then until it has published its state
     * and the card tasks have completed the transactions that waited for it.
     */
    void releaseHeld() {
        driver.advanceWallClockTime(
                settings.ordering().idleAfter().plus(settings.ordering().interval()));
        driver.advanceWallClockTime(settings.ordering().publishInterval());
        driver.advanceWallClockTime(settings.ordering().interval());
    }

    /** The features topic, read after {@link #releaseHeld}: what the stream emits once the input has been taken in. */
    final class Released {
        private final TestOutputTopic<String, TransactionFeatures> topic;

        private Released(TestOutputTopic<String, TransactionFeatures> topic) {
            this.topic = topic;
        }

        List<TransactionFeatures> readValuesToList() {
            releaseHeld();
            return topic.readValuesToList();
        }

        List<TestRecord<String, TransactionFeatures>> readRecordsToList() {
            releaseHeld();
            return topic.readRecordsToList();
        }

        TestRecord<String, TransactionFeatures> readRecord() {
            releaseHeld();
            return topic.readRecord();
        }

        boolean isEmpty() {
            releaseHeld();
            return topic.isEmpty();
        }

        long getQueueSize() {
            releaseHeld();
            return topic.getQueueSize();
        }

        /** What has been emitted so far, without letting time pass. */
        List<TransactionFeatures> emittedSoFar() {
            return topic.readValuesToList();
        }
    }

    /** The card store: byte keys, see {@link io.fraudstream.features.state.CardKeys}. */
    KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]> cardStore() {
        return driver.getKeyValueStore(io.fraudstream.featurestream.stages.FeatureNames.CARD_STORE);
    }

    static Instant at(Instant base, long offsetMs) {
        return base.plusMillis(offsetMs);
    }

    @Override
    public void close() {
        driver.close();
    }
}
