package io.fraudstream.trainer.eval;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Precision at k cards per day: what an investigation team that checks the k most suspicious cards each day would
 * find. For each UTC day, each card's score is its highest score that day and it counts as fraud if any of its
 * transactions that day is; the k highest-scoring cards are taken (all, if fewer) and the day's precision is the
 * fraction of them that are fraud. The result is the mean over days.
 */
public final class PrecisionAtK {

    private PrecisionAtK() {
    }

    /**
     * @param cards       card of each transaction
     * @param eventTimeMs event time of each transaction
     * @param scores      score of each transaction
     * @param fraud       label of each transaction
     * @param k           cards checked per day
     * @return the mean daily precision; NaN without transactions
     */
    public static double compute(String[] cards, long[] eventTimeMs, double[] scores, boolean[] fraud, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, was " + k);
        }
        Map<Long, Map<String, double[]>> byDay = new HashMap<>(); // day -> card -> {max score, any fraud}
        for (int i = 0; i < scores.length; i++) {
            long day = Instant.ofEpochMilli(eventTimeMs[i]).atZone(ZoneOffset.UTC).toLocalDate().toEpochDay();
            double[] card = byDay.computeIfAbsent(day, d -> new HashMap<>())
                    .computeIfAbsent(cards[i], c -> new double[] {Double.NEGATIVE_INFINITY, 0});
            card[0] = Math.max(card[0], scores[i]);
            if (fraud[i]) {
                card[1] = 1;
            }
        }
        if (byDay.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (Map<String, double[]> day : byDay.values()) {
            List<Map.Entry<String, double[]>> cards2 = new ArrayList<>(day.entrySet());
            // highest score first; ties by card so the result does not depend on hash order
            cards2.sort((a, b) -> {
                int c = Double.compare(b.getValue()[0], a.getValue()[0]);
                return c != 0 ? c : a.getKey().compareTo(b.getKey());
            });
            int top = Math.min(k, cards2.size());
            int hits = 0;
            for (int i = 0; i < top; i++) {
                hits += cards2.get(i).getValue()[1] > 0 ? 1 : 0;
            }
            sum += (double) hits / top;
        }
        return sum / byDay.size();
    }
}
