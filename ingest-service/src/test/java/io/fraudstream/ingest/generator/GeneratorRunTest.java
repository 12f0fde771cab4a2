package io.fraudstream.ingest.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.ingest.PlainAvroSerdes;
import io.fraudstream.ingest.kafka.IngestPublisher;
import io.fraudstream.ingest.replay.ProgressReporter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class GeneratorRunTest {

    @Test
    @Timeout(120) // guards against a hang: with a clock 100,000x faster than the wall clock, these 200 events span ~1 s
    void shouldPaceRealTimeModeByAClockThatRunsFasterThanTheWallClock() {
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        GeneratorSettings settings =
                GeneratorSettings.defaults(5, start, Duration.ofDays(30)).withPopulation(200, 60);
        long wallStart = System.currentTimeMillis();
        LongSupplier clock = () -> start.toEpochMilli() + (System.currentTimeMillis() - wallStart) * 100_000;
        List<long[]> sentAt = new ArrayList<>(); // {event time, clock when sent}
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        try (IngestPublisher publisher =
                new IngestPublisher(PlainAvroSerdes.catalogue(), producer, new SimpleMeterRegistry())) {
            GeneratorRun.Summary s = GeneratorRun.run(
                    TrafficGenerator.create(settings, TrafficGeneratorTest.TOKENIZER),
                    publisher,
                    GeneratorRun.Mode.REAL_TIME,
                    200,
                    ProgressReporter.none(),
                    clock,
                    e -> sentAt.add(new long[] {e.timeMillis(), clock.getAsLong()}));
            assertThat(s.transactions()).isEqualTo(200);
        }
        // each event is sent once the (fast) clock reached its event time, never before
        assertThat(sentAt).allSatisfy(t -> assertThat(t[1]).isGreaterThanOrEqualTo(t[0]));
        assertThat(sentAt.get(sentAt.size() - 1)[0])
                .as("the events span hours of event time")
                .isGreaterThan(start.toEpochMilli() + Duration.ofHours(1).toMillis());
    }
}
