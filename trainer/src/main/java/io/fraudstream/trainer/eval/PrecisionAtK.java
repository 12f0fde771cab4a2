package io.fraudstream.trainer.eval;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Two figures of what an investigation team that checks the k most suspicious cards each day would find. Both take
 * each UTC day on its own: a card's score that day is the highest score of its transactions that day, and it counts
 * as fraud (compromised) that day if any of those transactions is. Both are means over the days with transactions.
 *
 * <ul>
 *     <li>{@link #compute}, "precision at k cards per day": each day's k highest-scoring cards (all, if fewer), the
 *     day's precision being the fraction of them that are fraud. Days are independent.</li>
 *     <li>{@link #cardPrecisionTopK}, "card precision top-k" as defined by Le Borgne et al. (Reproducible Machine
 *     Learning for Credit Card Fraud Detection): as the days go by, a card found compromised (fraud among a day's
 *     top k) is removed from the following days, as it would be blocked; and each day's figure is the number of
 *     compromised cards among its top k divided by k, even on a day with fewer cards.</li>
 * </ul>
 */
public final class PrecisionAtK {

    private PrecisionAtK() {}

    /** One card on one day. */
    private record CardDay(String card, double maxScore, boolean fraud) {}

    /**
     * Precision at k cards per day, each day on its own.
     *
     * @param cards       card of each transaction
     * @param eventTimeMs event time of each transaction
     * @param scores      score of each transaction
     * @param fraud       label of each transaction
     * @param k           cards checked per day
     * @return the mean daily precision; NaN without transactions
     */
    public static double compute(String[] cards, long[] eventTimeMs, double[] scores, boolean[] fraud, int k) {
        SortedMap<Long, List<CardDay>> days = cardsByDay(cards, eventTimeMs, scores, fraud, k);
        if (days.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (List<CardDay> day : days.values()) {
            List<CardDay> top = day.subList(0, Math.min(k, day.size()));
            sum += (double) top.stream().filter(CardDay::fraud).count() / top.size();
        }
        return sum / days.size();
    }

    /**
     * Card precision top-k as in the literature: day by day in time order, the k highest-scoring cards not already
     * detected as compromised on an earlier day; the day's figure is the compromised cards among them divided by k,
     * and those cards are detected from then on.
     *
     * @param cards       card of each transaction
     * @param eventTimeMs event time of each transaction
     * @param scores      score of each transaction
     * @param fraud       label of each transaction
     * @param k           cards checked per day
     * @return the mean over days; NaN without transactions
     */
    public static double cardPrecisionTopK(
            String[] cards, long[] eventTimeMs, double[] scores, boolean[] fraud, int k) {
        SortedMap<Long, List<CardDay>> days = cardsByDay(cards, eventTimeMs, scores, fraud, k);
        if (days.isEmpty()) {
            return Double.NaN;
        }
        Set<String> detected = new HashSet<>();
        double sum = 0;
        for (List<CardDay> day : days.values()) {
            List<CardDay> top = day.stream()
                    .filter(c -> !detected.contains(c.card()))
                    .limit(k)
                    .toList();
            List<String> found =
                    top.stream().filter(CardDay::fraud).map(CardDay::card).toList();
            sum += (double) found.size() / k;
            detected.addAll(found); // after the day: a card found today still counts today
        }
        return sum / days.size();
    }

    /** Per UTC day, in day order: its cards, highest score first (ties by card, so hash order does not matter). */
    private static SortedMap<Long, List<CardDay>> cardsByDay(
            String[] cards, long[] eventTimeMs, double[] scores, boolean[] fraud, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, was " + k);
        }
        Map<Long, Map<String, double[]>> byDay = new HashMap<>(); // day -> card -> {max score, any fraud}
        for (int i = 0; i < scores.length; i++) {
            long day = Instant.ofEpochMilli(eventTimeMs[i])
                    .atZone(ZoneOffset.UTC)
                    .toLocalDate()
                    .toEpochDay();
            double[] card = byDay.computeIfAbsent(day, d -> new HashMap<>())
                    .computeIfAbsent(cards[i], c -> new double[] {Double.NEGATIVE_INFINITY, 0});
            card[0] = Math.max(card[0], scores[i]);
            if (fraud[i]) {
                card[1] = 1;
            }
        }
        SortedMap<Long, List<CardDay>> out = new TreeMap<>();
        byDay.forEach((day, byCard) -> {
            List<CardDay> list = new ArrayList<>();
            byCard.forEach((card, v) -> list.add(new CardDay(card, v[0], v[1] > 0)));
            list.sort((a, b) -> {
                int c = Double.compare(b.maxScore(), a.maxScore());
                return c != 0 ? c : a.card().compareTo(b.card());
            });
            out.put(day, list);
        });
        return out;
    }
}
