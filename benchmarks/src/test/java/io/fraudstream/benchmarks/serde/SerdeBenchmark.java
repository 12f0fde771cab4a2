package io.fraudstream.benchmarks.serde;

import io.fraudstream.schemas.TestRecords;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.registry.InMemorySchemaRegistry;
import io.fraudstream.schemas.serde.AvroDeserializer;
import io.fraudstream.schemas.serde.AvroSerializer;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Throughput of the Avro serdes on one thread with a warm cache (schema id and writer schema already resolved):
 * a realistic {@link Transaction} with every optional field set, serialized to the Confluent wire format and read
 * back. One operation is one record, so the score is records per second.
 *
 * <p>Run with {@code ./mvnw -B -q -pl benchmarks test-compile exec:exec@serde} (see the README's "Benchmarks").
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SerdeBenchmark {

    private static final String TOPIC = "transactions.raw";

    private AvroSerializer<Transaction> serializer;
    private AvroDeserializer<Transaction> deserializer;
    private Transaction transaction;
    private byte[] payload;

    @Setup
    public void warmUp() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        serializer = new AvroSerializer<>(registry, true, false);
        deserializer = new AvroDeserializer<>(registry, Transaction.class, false);
        transaction = TestRecords.coffee().setIpAddress("203.0.113.77").build();
        payload = serializer.serialize(TOPIC, transaction);
        deserializer.deserialize(TOPIC, payload);
    }

    /** Serialize and deserialize one record: the figure the ≥ 1,000,000 records/s target is about. */
    @Benchmark
    public Transaction roundTrip() {
        return deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, transaction));
    }

    @Benchmark
    public byte[] serialize() {
        return serializer.serialize(TOPIC, transaction);
    }

    @Benchmark
    public Transaction deserialize() {
        return deserializer.deserialize(TOPIC, payload);
    }

    /** Runs the benchmarks with the settings above and prints records per second. */
    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(SerdeBenchmark.class.getName() + "\\." + (args.length > 0 ? args[0] : ".*"))
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(2))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(2))
                .forks(1)
                .threads(1)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        System.out.println();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            System.out.printf(
                    "%-12s %,15.0f records/s (± %,.0f)%n",
                    name.substring(name.lastIndexOf('.') + 1),
                    result.getPrimaryResult().getScore(),
                    result.getPrimaryResult().getScoreError());
        }
    }
}
