package io.fraudstream.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a phase wrote to each internal topic of the pipeline's Kafka Streams applications: the growth of the topic's
 * bytes on disk (see {@link StreamsApps#internalTopicBytes()}) between two snapshots, and that per transaction sent.
 * A repartition topic is purged by Kafka Streams once consumed, and a whole purged segment leaves the disk: its growth
 * can then be smaller than what was written, even negative (shown as such).
 */
final class ChangelogBytes {

    /** The kinds of internal topics measured. */
    enum Kind {
        CHANGELOG("-changelog"),
        REPARTITION("-repartition");

        private final String suffix;

        Kind(String suffix) {
            this.suffix = suffix;
        }
    }

    /**
     * One topic's growth in one phase.
     *
     * @param events transactions sent in the phase
     */
    record Entry(String phase, String topic, Kind kind, long bytes, int events) {
        /** Bytes per transaction sent (NaN without events). */
        double perEvent() {
            return events == 0 ? Double.NaN : (double) bytes / events;
        }
    }

    private ChangelogBytes() {}

    /** The kind of internal topic {@code topic} is, by its suffix, or null for any other topic. */
    static Kind kindOf(String topic) {
        for (Kind k : Kind.values()) {
            if (topic.endsWith(k.suffix)) {
                return k;
            }
        }
        return null;
    }

    /**
     * Each internal topic's growth from {@code before} to {@code after} (bytes by topic; a topic missing from one
     * snapshot had 0 bytes there), changelogs first, then repartitions, each by name.
     */
    static List<Entry> between(String phase, Map<String, Long> before, Map<String, Long> after, int events) {
        TreeSet<String> topics = new TreeSet<>(after.keySet());
        topics.addAll(before.keySet());
        List<Entry> entries = new ArrayList<>();
        for (String t : topics) {
            Kind kind = kindOf(t);
            if (kind != null) {
                entries.add(new Entry(phase, t, kind, after.getOrDefault(t, 0L) - before.getOrDefault(t, 0L), events));
            }
        }
        entries.sort(Comparator.comparing(Entry::kind).thenComparing(Entry::topic));
        return entries;
    }
}
