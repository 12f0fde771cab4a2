package io.fraudstream.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Kafka Streams settings of a {@code bench pipeline} run, for the pipeline and its one-hop ceiling alike:
 * {@code default} (the services' defaults, commit every 100 ms) or {@code low-latency} (commit every 20 ms, producers
 * send after at most 1 ms: more, smaller transactions, for a lower visible latency at some cost in throughput). The
 * issue's visible-latency target depends on the profile.
 */
enum StreamsProfile {
    DEFAULT("default", 100, Map.of(), 200),
    LOW_LATENCY("low-latency", 20, Map.of("producer.linger.ms", "1"), 80);

    private final String label;
    private final int commitIntervalMs;
    private final Map<String, String> streams;
    private final long visibleP99TargetMs;

    StreamsProfile(String label, int commitIntervalMs, Map<String, String> streams, long visibleP99TargetMs) {
        this.label = label;
        this.commitIntervalMs = commitIntervalMs;
        this.streams = streams;
        this.visibleP99TargetMs = visibleP99TargetMs;
    }

    /** The profile called {@code name} ({@code default}, {@code low-latency}). */
    static StreamsProfile parse(String name) {
        return Arrays.stream(values())
                .filter(p -> p.label.equals(name.trim().toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown profile '" + name + "': one of "
                        + Arrays.stream(values()).map(StreamsProfile::label).collect(Collectors.joining(", "))));
    }

    String label() {
        return label;
    }

    /** {@code explicit} if given, else the profile's commit interval. */
    int commitIntervalMs(Integer explicit) {
        return explicit != null ? explicit : commitIntervalMs;
    }

    /** The target for the visible p99 at 5,000 events/s under this profile. */
    long visibleP99TargetMs() {
        return visibleP99TargetMs;
    }

    /**
     * The Kafka Streams settings of a run (keys without the {@code streams.} prefix): the commit interval
     * ({@code explicit} or the profile's), the thread count, the profile's producer settings, then {@code extra},
     * which wins over all of them.
     */
    Map<String, String> settings(Integer explicitCommitIntervalMs, int threads, Map<String, String> extra) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("commit.interval.ms", Integer.toString(commitIntervalMs(explicitCommitIntervalMs)));
        s.put("num.stream.threads", Integer.toString(threads));
        s.putAll(streams);
        s.putAll(extra);
        return s;
    }
}
