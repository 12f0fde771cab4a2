package io.fraudstream.featurestream;

import static io.fraudstream.featurestream.Txns.CARD;
import static io.fraudstream.featurestream.Txns.MONDAY_NOON;
import static io.fraudstream.featurestream.Txns.NOW;
import static io.fraudstream.featurestream.Txns.label;
import static io.fraudstream.featurestream.Txns.tx;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.schemas.avro.Verdict;
import io.fraudstream.schemas.topics.TraceHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Whatever a producer sends, nothing the feature stream writes could be refused by a broker with default settings
 * (timestamps within {@code message.timestamp.after.max.ms} = 1 h of the wall clock and not negative, records under
 * 1 MiB), no header a producer sent is copied into an output except checked trace headers, and every input comes out
 * exactly once, as features or as a dead letter carrying the bytes the producer wrote.
 */
class HostileInputTopologyTest {

    private static final long MAX_RECORD_BYTES = 1024 * 1024;
    private static final Instant YEAR_2100 = Instant.parse("2100-01-01T00:00:00Z");

    /** A far-future, negative, ancient or maximal time, as event time and as Kafka timestamp. */
    private static final List<Instant> EXTREME_TIMES = List.of(
            YEAR_2100,
            Instant.ofEpochMilli(Long.MAX_VALUE),
            Instant.ofEpochMilli(-1),
            Instant.ofEpochMilli(Long.MIN_VALUE),
            Instant.ofEpochMilli(86_400_000L),
            NOW.plus(Duration.ofHours(1)).plusMillis(1));

    private static final List<Long> EXTREME_RECORD_TIMESTAMPS =
            List.of(0L, Long.MAX_VALUE, YEAR_2100.toEpochMilli(), 1L);

    @Test
    void shouldWriteNothingABrokerCouldRefuseAndAccountForEveryInput() {
        try (FeatureDriver d = new FeatureDriver()) {
            int in = 0;
            int expectedDead = 0;
            int i = 0;
            for (Instant t : EXTREME_TIMES) {
                for (long recordTs : EXTREME_RECORD_TIMESTAMPS) {
                    d.raw.pipeInput(
                            new TestRecord<>(CARD, tx("bad-time-" + i++, t).build(), null, recordTs));
                    in++;
                    expectedDead++;
                }
            }
            for (long recordTs : EXTREME_RECORD_TIMESTAMPS) { // valid event times under extreme Kafka timestamps
                d.raw.pipeInput(new TestRecord<>(
                        CARD, tx("ok-" + i, MONDAY_NOON.plusSeconds(i++)).build(), null, recordTs));
                in++;
            }
            d.raw.pipeInput(new TestRecord<>(
                    CARD,
                    tx("long-field", MONDAY_NOON.plusSeconds(i++))
                            .setMerchantId("m".repeat(300))
                            .build(),
                    null,
                    0L));
            d.raw.pipeInput(new TestRecord<>(
                    CARD,
                    tx("huge", MONDAY_NOON.plusSeconds(i++))
                            .setDeviceId("d".repeat(200_000))
                            .build(),
                    null,
                    0L));
            d.raw.pipeInput(new TestRecord<>(
                    CARD,
                    tx("huge-headers", MONDAY_NOON.plusSeconds(i++)).build(),
                    headers("x-junk", new byte[20_000]),
                    0L));
            in += 3;
            expectedDead += 3;
            d.raw.pipeInput(new TestRecord<>(
                    CARD,
                    tx("hostile-headers", MONDAY_NOON.plusSeconds(i++)).build(),
                    hostileHeaders(),
                    MONDAY_NOON.toEpochMilli()));
            in++;
            for (Instant t : EXTREME_TIMES) {
                d.labels.pipeInput(new TestRecord<>(CARD, label("ok-0", MONDAY_NOON, t, Verdict.FRAUD), null, 0L));
                d.labels.pipeInput(
                        new TestRecord<>(CARD, label("ok-0", t, MONDAY_NOON.plusSeconds(5), Verdict.FRAUD), null, 0L));
                in += 2;
                expectedDead += 2;
            }
            d.send(label("ok-0", MONDAY_NOON, MONDAY_NOON.plusSeconds(30), Verdict.FRAUD));
            d.raw.pipeInput(new TestRecord<>(
                    CARD, tx("after-all", MONDAY_NOON.plusSeconds(60)).build(), null, 0L));
            in += 2; // the valid label leaves no record of its own: counted below

            List<TestRecord<String, TransactionFeatures>> features = d.features.readRecordsToList();
            List<TestRecord<byte[], DeadLetter>> dead = d.dlq.readRecordsToList();

            assertThat(dead).hasSize(expectedDead);
            assertThat(features.size() + dead.size() + 1)
                    .as("in = features + dead letters (+ the valid label)")
                    .isEqualTo(in);
            long latest = NOW.plus(Duration.ofHours(1)).toEpochMilli();
            for (TestRecord<String, TransactionFeatures> f : features) {
                assertThat(f.timestamp())
                        .as(
                                "features timestamp of %s",
                                f.value().getTransaction().getTransactionId())
                        .isBetween(0L, latest);
                for (Header h : f.headers()) {
                    assertThat(TraceHeaders.KEYS)
                            .as("only trace headers go out")
                            .contains(h.key());
                    assertThat(TraceHeaders.read(f.headers(), h.key(), NOW.toEpochMilli())
                                    .present())
                            .as("%s is a plausible decimal time", h.key())
                            .isTrue();
                }
                assertThat(f.value().getOutOfOrder())
                        .as(
                                "no hostile time moved stream time: %s is in order",
                                f.value().getTransaction().getTransactionId())
                        .isFalse();
            }
            for (TestRecord<byte[], DeadLetter> r : dead) {
                assertThat(r.timestamp())
                        .as("dead letter stamped with the processing time")
                        .isEqualTo(NOW.toEpochMilli());
                assertThat(r.headers().toArray())
                        .as("dead letters carry headers as a field, not as headers")
                        .isEmpty();
                byte[] encoded =
                        d.topics.transactionsDlq().valueSerde().serializer().serialize("transactions.dlq", r.value());
                assertThat((long) encoded.length).isLessThan(MAX_RECORD_BYTES);
            }
            assertThat(features)
                    .extracting(f -> f.value().getTransaction().getTransactionId())
                    .contains("hostile-headers", "after-all");
        }
    }

    @Test
    void shouldNotCopyForgedOrImplausibleTraceHeadersIntoTheFeatures() {
        try (FeatureDriver d = new FeatureDriver()) {
            d.raw.pipeInput(
                    new TestRecord<>(CARD, tx("t", MONDAY_NOON).build(), hostileHeaders(), NOW.toEpochMilli() - 5));
            TestRecord<String, TransactionFeatures> out = d.features.readRecord();
            // the forged raw-append header and the implausible produced header are dropped: the record's own timestamp
            // serves
            assertThat(TraceHeaders.get(out.headers(), TraceHeaders.RAW_APPEND_MS))
                    .hasValue(NOW.toEpochMilli() - 5);
            assertThat(out.headers().lastHeader(TraceHeaders.PRODUCED_MS)).isNull();
            assertThat(out.headers().lastHeader("x-binary")).isNull();
            assertThat(d.metrics.count(FeatureStreamMetrics.TRACE_HEADERS_INVALID))
                    .isEqualTo(1.0);
        }
    }

    @Test
    void shouldDeadLetterTheBytesTheProducerWroteNotAReEncoding() throws IOException {
        try (FeatureDriver d = new FeatureDriver()) {
            // a producer on a newer schema version (one more optional field), registered under the topic's subject
            Schema newer = withExtraField(Transaction.getClassSchema());
            int id = d.registry.register("transactions.raw-value", newer);
            GenericRecord rec = new GenericData.Record(newer);
            Transaction bad = tx("t", MONDAY_NOON).setAmountMinor(-5).build();
            for (Schema.Field f : Transaction.getClassSchema().getFields()) {
                rec.put(f.name(), GenericData.get().deepCopy(f.schema(), toGeneric(bad, f)));
            }
            rec.put("extra", "from a newer producer");
            byte[] written = confluentWire(id, newer, rec);

            d.rawBytes.pipeInput(CARD, written, MONDAY_NOON);

            DeadLetter letter = d.dlq.readValue();
            assertThat(letter.getReason()).contains("amountMinor");
            assertThat(bytes(letter.getValue())).isEqualTo(written);
            assertThat(letter.getOriginalValueSize()).isEqualTo(written.length);
            assertThat(letter.getTruncated()).isFalse();
        }
    }

    private static Object toGeneric(Transaction t, Schema.Field f) {
        Object v = t.get(f.pos());
        if (v instanceof Instant i) {
            return i.toEpochMilli();
        }
        if (v instanceof Enum<?> e) {
            return new GenericData.EnumSymbol(nonNull(f.schema(), Schema.Type.ENUM), e.name());
        }
        return v;
    }

    private static Schema nonNull(Schema s, Schema.Type type) {
        if (s.getType() == Schema.Type.UNION) {
            return s.getTypes().stream()
                    .filter(x -> x.getType() == type)
                    .findFirst()
                    .orElseThrow();
        }
        return s;
    }

    private static Schema withExtraField(Schema base) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : base.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(new Schema.Field(
                "extra",
                Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "A field a newer producer writes.",
                Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
    }

    private static byte[] confluentWire(int id, Schema schema, GenericRecord rec) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        // timestamp-millis fields are written as longs: strip logical types from the writer
        new GenericDatumWriter<GenericRecord>(schema, new GenericData()).write(rec, enc);
        enc.flush();
        return out.toByteArray();
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static RecordHeaders headers(String key, byte[] value) {
        RecordHeaders h = new RecordHeaders();
        h.add(key, value);
        return h;
    }

    private static RecordHeaders hostileHeaders() {
        RecordHeaders h = new RecordHeaders();
        h.add(TraceHeaders.PRODUCED_MS, "99999999999999999999".getBytes(StandardCharsets.US_ASCII));
        h.add(TraceHeaders.RAW_APPEND_MS, "1".getBytes(StandardCharsets.US_ASCII));
        h.add(TraceHeaders.FEATURES_MS, "-42".getBytes(StandardCharsets.US_ASCII));
        h.add("x-binary", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        h.add("x-null", null);
        return h;
    }
}
