package io.fraudstream.trainer.train;

import io.fraudstream.trainer.data.LabelledRow;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Deterministic sampling by a seeded hash of a row's id: the same seed keeps the same rows, whatever the order. */
public final class Sampling {

    private Sampling() {}

    /** True if the row with this id is in a sample of fraction {@code fraction} under {@code seed}. */
    public static boolean keep(String id, long seed, double fraction) {
        if (fraction >= 1.0) {
            return true;
        }
        long h = seed * 0x9E3779B97F4A7C15L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ b) * 0x100000001B3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        double u = (h >>> 11) * 0x1.0p-53;
        return u < fraction;
    }

    /** At most about {@code maxRows} of {@code rows} (all if fewer), in order. */
    public static List<LabelledRow> atMost(List<LabelledRow> rows, int maxRows, long seed) {
        if (rows.size() <= maxRows) {
            return rows;
        }
        double fraction = (double) maxRows / rows.size();
        return rows.stream()
                .filter(r -> keep(r.transactionId(), seed, fraction))
                .toList();
    }
}
