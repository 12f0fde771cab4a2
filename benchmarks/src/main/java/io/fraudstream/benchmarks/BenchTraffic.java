package io.fraudstream.benchmarks;

import io.fraudstream.ingest.card.CardTokenizer;
import io.fraudstream.ingest.generator.GeneratedEvent;
import io.fraudstream.ingest.generator.GeneratorSettings;
import io.fraudstream.ingest.generator.Population;
import io.fraudstream.ingest.generator.TrafficGenerator;
import io.fraudstream.schemas.avro.CardProfile;
import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.avro.MerchantProfile;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.schemas.topics.TopicSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The pipeline benchmark's traffic: generated transactions serialized once into memory as raw records (event times in
 * the past, each id unique), the cards' and merchants' reference profiles, and how an output record is matched to
 * its input (by transaction id, also through a dead letter).
 */
final class BenchTraffic {

    /** Card-token secret of the generated traffic (benchmark topics only). */
    static final String CARD_SECRET = "fraudstream-benchmark-cards-only-not-a-secret";

    private static final long SEED = 42;
    private static final int HISTORY_DAYS = 60;
    private static final double TX_PER_CARD_DAY = 2.5;

    private BenchTraffic() {}

    /** A generator with enough cards for {@code count} transactions over {@value #HISTORY_DAYS} days ending yesterday. */
    static TrafficGenerator generator(int count) {
        int cards = (int) Math.max(1000, Math.ceil(count * 1.3 / (HISTORY_DAYS * TX_PER_CARD_DAY)));
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(HISTORY_DAYS + 1L));
        GeneratorSettings s = GeneratorSettings.defaults(SEED, start, Duration.ofDays(HISTORY_DAYS))
                .withPopulation(cards, Math.max(100, cards / 5))
                .withTxPerCardPerDay(TX_PER_CARD_DAY);
        return TrafficGenerator.create(s, new CardTokenizer(CARD_SECRET.getBytes(StandardCharsets.UTF_8)));
    }

    /** The next {@code n} transactions of {@code generator} (labels skipped), serialized for {@code raw}. */
    static List<RawRecord> take(TrafficGenerator generator, TopicSpec<String, Transaction> raw, int n) {
        Serializer<String> keys = raw.keySerde().serializer();
        Serializer<Transaction> values = raw.valueSerde().serializer();
        List<RawRecord> records = new ArrayList<>(n);
        while (records.size() < n && generator.hasNext()) {
            if (generator.next() instanceof GeneratedEvent.TransactionEvent t) {
                Transaction tx = t.transaction();
                records.add(new RawRecord(
                        tx.getTransactionId(),
                        keys.serialize(raw.name(), tx.getCardToken()),
                        values.serialize(raw.name(), tx),
                        tx.getEventTime().toEpochMilli()));
            }
        }
        if (records.size() < n) {
            throw new IllegalStateException(
                    "the generator ran out after " + records.size() + " of " + n + " transactions");
        }
        return records;
    }

    /**
     * {@code records} as live traffic sent at {@code rate} per second from now on: record {@code i}'s event time is
     * when the paced producer will send it (a moment from now plus {@code i / rate}), re-serialized.
     */
    static List<RawRecord> live(List<RawRecord> records, TopicSpec<String, Transaction> raw, int rate) {
        Deserializer<Transaction> read = raw.valueSerde().deserializer();
        Serializer<Transaction> write = raw.valueSerde().serializer();
        List<RawRecord> out = new ArrayList<>(records.size());
        long start =
                System.currentTimeMillis() + 200 + records.size() / 500; // about when sending starts, after this loop
        for (int i = 0; i < records.size(); i++) {
            RawRecord r = records.get(i);
            Transaction tx = read.deserialize(raw.name(), r.value());
            long eventTime = start + (long) (i * 1000.0 / rate);
            tx.setEventTime(Instant.ofEpochMilli(eventTime));
            out.add(new RawRecord(r.id(), r.key(), write.serialize(raw.name(), tx), eventTime));
        }
        return out;
    }

    static Set<String> ids(List<RawRecord> records) {
        Set<String> ids = new HashSet<>(records.size() * 2);
        records.forEach(r -> ids.add(r.id()));
        return ids;
    }

    /** The transaction id of a dead letter's original raw value (null if it has none or it does not parse). */
    static String originalId(DeadLetter d, Deserializer<Transaction> raw) {
        if (d.getValue() == null) {
            return null;
        }
        ByteBuffer b = d.getValue().duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        try {
            return raw.deserialize(d.getSourceTopic(), bytes).getTransactionId();
        } catch (RuntimeException notATransaction) {
            return null;
        }
    }

    /** The cards' and merchants' reference profiles, so the feature stream enriches as in production. */
    static void publishProfiles(String kafka, TopicCatalogue c, Population population) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            sendAll(producer, c.referenceMerchants(), population.merchantProfiles(), MerchantProfile::getMerchantId);
            sendAll(producer, c.referenceCards(), population.cardProfiles(), CardProfile::getCardToken);
            producer.flush();
        }
    }

    private static <V> void sendAll(
            KafkaProducer<byte[], byte[]> producer,
            TopicSpec<String, V> topic,
            List<V> values,
            Function<V, CharSequence> key) {
        for (V v : values) {
            producer.send(new ProducerRecord<>(
                    topic.name(),
                    topic.keySerde()
                            .serializer()
                            .serialize(topic.name(), key.apply(v).toString()),
                    topic.valueSerde().serializer().serialize(topic.name(), v)));
        }
    }
}
