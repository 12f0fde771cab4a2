package io.fraudstream.benchmarks;

import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.topics.TopicCatalogue;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Deserializer;

/** The relay's phases of {@code bench pipeline}: its max throughput, then its latency at each offered rate. */
final class RelayPhases {

    private RelayPhases() {}

    /** The relay's max throughput and its latency at each rate (empty when {@code --relay-seconds 0}). */
    record Result(double max, List<Latencies> latency) {}

    /**
     * The relay from {@code in} to {@code relayOut}: W + N raw records written to its input, then it starts and its
     * throughput is taken over the last N outputs; then, with the relay running, the start of each rate's slice paced
     * into it for {@code relaySeconds}.
     */
    static Result run(
            String kafka,
            String in,
            String relayOut,
            String applicationId,
            TopicCatalogue c,
            List<List<RawRecord>> slices,
            int warmup,
            int commitInterval,
            List<Integer> rates,
            int relaySeconds,
            PrintWriter out)
            throws Exception {
        List<RawRecord> maxSlice = slices.getFirst();
        PacedProducer.send(kafka, in, maxSlice, 0, null);
        Deserializer<Transaction> rawValues = c.transactionsRaw().valueSerde().deserializer();
        try (OutputReader reader = OutputReader.open(
                        kafka,
                        relayOut,
                        v -> OutputReader.Identified.id(
                                rawValues.deserialize(relayOut, v).getTransactionId()),
                        null,
                        null);
                Relay relay = Relay.start(kafka, in, relayOut, applicationId, commitInterval)) {
            Observed o = reader.collect(BenchTraffic.ids(maxSlice), () -> false, PipelineBench.NO_LIMIT);
            relay.check();
            double max = o.rateAfter(warmup);
            out.printf(
                    Locale.ROOT,
                    "relay: %,.0f events/s over %,d events after %,d warm-up (output append times)%s%n",
                    max,
                    o.scored() - warmup,
                    warmup,
                    o.size() < maxSlice.size() ? "; MISSING " + (maxSlice.size() - o.size()) : "");
            out.flush();
            List<Latencies> latency = new ArrayList<>();
            for (int i = 0; i < rates.size() && relaySeconds > 0; i++) {
                int rate = rates.get(i);
                List<RawRecord> slice =
                        slices.get(i + 1).subList(0, Math.min(slices.get(i + 1).size(), rate * relaySeconds));
                Map<String, Long> appended = new ConcurrentHashMap<>();
                Observed r;
                try (PacedProducer producer = PacedProducer.start(kafka, in, slice, rate, appended)) {
                    r = reader.collect(BenchTraffic.ids(slice), producer::running, PipelineBench.NO_LIMIT);
                    producer.await();
                }
                relay.check();
                latency.add(r.latencies(appended, false));
                out.printf(
                        Locale.ROOT,
                        "  relay at %,d events/s for %d s: %s%n",
                        rate,
                        relaySeconds,
                        latency.getLast().describe());
                out.flush();
            }
            return new Result(max, latency);
        }
    }
}
