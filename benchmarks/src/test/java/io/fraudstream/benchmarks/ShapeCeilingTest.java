package io.fraudstream.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class ShapeCeilingTest {

    private static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");

    @Test
    void shouldWriteEveryStoreOncePerRecordRepartitionAndEmitSizedValuesWithTheSourceTimestamp() {
        Topology t = ShapeCeiling.build(
                "in",
                List.of(
                        new ShapeCeiling.KeyValuePut("cards", 4, false),
                        new ShapeCeiling.Repartition("by-merchant", 2, 10),
                        new ShapeCeiling.KeyValuePut("merchants", 3, true),
                        new ShapeCeiling.WindowPut("recent", 2, Duration.ofHours(1))),
                "out",
                6);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "ceiling-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver d = new TopologyTestDriver(t, p)) {
            var in = d.createInputTopic("in", new StringSerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> out =
                    d.createOutputTopic("out", new StringDeserializer(), new ByteArrayDeserializer());
            in.pipeInput("card-1", new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, T0);
            in.pipeInput("card-2", new byte[] {9}, T0.plusSeconds(1));

            List<TestRecord<String, byte[]>> records = out.readRecordsToList();
            assertThat(records).hasSize(2);
            assertThat(records.get(0).value()).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(records.get(1).value()).hasSize(6).startsWith(9); // padded (with random bytes)
            assertThat(records.get(0).key()).startsWith("k"); // re-keyed by the repartition
            assertThat(ShapeCeiling.sourceTimestamp(records.get(0).headers())).isEqualTo(T0.toEpochMilli());
            assertThat(ShapeCeiling.sourceTimestamp(records.get(1).headers()))
                    .isEqualTo(T0.plusSeconds(1).toEpochMilli());

            KeyValueStore<String, byte[]> cards = d.getKeyValueStore("cards");
            assertThat(cards.get("card-1")).containsExactly(1, 2, 3, 4);
            assertThat(cards.get("card-2")).hasSize(4).startsWith(9);
            KeyValueStore<String, byte[]> merchants = d.getKeyValueStore("merchants");
            assertThat(merchants.get(records.get(0).key())).containsExactly(1, 2, 3);
            WindowStore<String, byte[]> recent = d.getWindowStore("recent");
            long stored = 0;
            try (var all = recent.all()) {
                while (all.hasNext()) {
                    assertThat(all.next().value).hasSize(2);
                    stored++;
                }
            }
            assertThat(stored).isEqualTo(2);
        }
    }

    @Test
    void shouldKeepTheFirstSourceTimestampWhenCeilingsAreChained() {
        Topology t = ShapeCeiling.build("in", List.of(), "out", 1);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "ceiling-chain-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver d = new TopologyTestDriver(t, p)) {
            var in = d.createInputTopic("in", new StringSerializer(), new ByteArraySerializer());
            var out = d.createOutputTopic("out", new StringDeserializer(), new ByteArrayDeserializer());
            // a record an upstream ceiling wrote: its header holds the first source's timestamp, T0
            var upstream = new org.apache.kafka.common.header.internals.RecordHeaders();
            upstream.add(
                    ShapeCeiling.SOURCE_TIMESTAMP_HEADER,
                    java.nio.ByteBuffer.allocate(8).putLong(T0.toEpochMilli()).array());
            in.pipeInput(new TestRecord<>("k", new byte[] {1}, upstream, T0.plusSeconds(2)));

            TestRecord<String, byte[]> r = out.readRecord();
            assertThat(r.headers().headers(ShapeCeiling.SOURCE_TIMESTAMP_HEADER))
                    .hasSize(1);
            assertThat(ShapeCeiling.sourceTimestamp(r.headers())).isEqualTo(T0.toEpochMilli());
        }
    }

    @Test
    void shouldPadWithBytesThatDoNotCompressAway() {
        byte[] padded = ShapeCeiling.sized(new byte[] {1}, 4097);
        assertThat(padded[0]).isEqualTo((byte) 1);
        long zeros = 0;
        for (byte b : padded) {
            zeros += b == 0 ? 1 : 0;
        }
        assertThat(zeros).isLessThan(100); // random: about 16 of 4,096 bytes are 0
    }

    @Test
    void shouldAnswerNoSourceTimestampWithoutTheHeader() {
        assertThat(ShapeCeiling.sourceTimestamp(new org.apache.kafka.common.header.internals.RecordHeaders()))
                .isEqualTo(-1);
    }
}
