package io.fraudstream.benchmarks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Output records seen in one phase: for each record that came out, its transaction id, broker append time, when this
 * JVM received it and the raw append time it carries (see {@link OutputReader}; -1 if none); and how many came out
 * dead-lettered instead. A repeated id counts once.
 */
final class Observed {

    private final List<String> ids = new ArrayList<>();
    private final List<long[]> times = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private int deadLettered;

    /**
     * Adds one output record; false if its id was already seen.
     *
     * @param rawAppendMillis the raw append time the record carries (trace header or value), or -1
     */
    boolean add(String id, long appendMillis, long receivedMillis, long rawAppendMillis, boolean deadLetter) {
        if (!seen.add(id)) {
            return false;
        }
        if (deadLetter) {
            deadLettered++;
        } else {
            ids.add(id);
            times.add(new long[] {appendMillis, receivedMillis, rawAppendMillis});
        }
        return true;
    }

    /** Records that came out, either way. */
    int size() {
        return seen.size();
    }

    int scored() {
        return ids.size();
    }

    int deadLettered() {
        return deadLettered;
    }

    /** Events/s over the (not dead-lettered) output append times, leaving out the first {@code warmup} (NaN if too few). */
    double rateAfter(int warmup) {
        long[] appended = times.stream().mapToLong(t -> t[0]).sorted().toArray();
        if (appended.length < warmup + 2) {
            return Double.NaN;
        }
        long span = Math.max(1, appended[appended.length - 1] - appended[warmup]);
        return (appended.length - 1 - warmup) * 1000.0 / span;
    }

    /**
     * Output append (or, if {@code visible}, received) minus raw append time, per record: the raw append time the
     * record carries if any, else the one in {@code inputAppend} (the producer's acknowledgement, by id); records
     * with neither are left out.
     */
    Latencies latencies(Map<String, Long> inputAppend, boolean visible) {
        Latencies l = new Latencies();
        for (int i = 0; i < ids.size(); i++) {
            long[] t = times.get(i);
            Long in = t[2] >= 0 ? Long.valueOf(t[2]) : inputAppend.get(ids.get(i));
            if (in != null) {
                l.add(t[visible ? 1 : 0] - in);
            }
        }
        return l;
    }
}
