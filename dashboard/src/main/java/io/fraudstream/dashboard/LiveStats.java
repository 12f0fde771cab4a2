package io.fraudstream.dashboard;

import io.fraudstream.schemas.avro.DecidedBy;
import io.fraudstream.schemas.avro.Decision;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ModelSlot;
import io.fraudstream.schemas.avro.ReasonCode;
import io.fraudstream.schemas.avro.ScoredTransaction;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Currency;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The dashboard's figures, aggregated from the records it reads; pure (no Kafka, no clock: every call says what time
 * it is) and thread-safe (one writer, the feed; readers, the HTTP handlers).
 *
 * <p>Windowed figures live in one bucket per second of receipt, in a ring of {@code windowSeconds + 1} buckets.
 * A snapshot at time {@code now} covers the buckets of the seconds {@code now-W+1 .. now} (the current, partial second
 * included): events/s divides their count by the time they span (from the start of the oldest bucket, or from the
 * dashboard's start if later, to {@code now}). The sparkline is the {@code W} whole seconds before the current one.
 *
 * <p>End-to-end latency is {@code receivedAt - rawAppendTime}: the time from the broker appending the raw transaction
 * to the dashboard receiving the committed scored record. Percentiles come from an HdrHistogram per bucket (3
 * significant digits: exact below 2048 ms, within 0.1% above), merged over the window.
 */
public final class LiveStats {

    /** Bins of the score histogram over [0, 1]. */
    public static final int SCORE_BINS = 20;
    /** Model publications kept in the history. */
    public static final int HISTORY_LIMIT = 50;

    private static final Decision[] DECISIONS = Decision.values();
    private static final Comparator<Summary.ModelEntry> NEWEST_FIRST = Comparator.comparingLong(
                    Summary.ModelEntry::publishedAt)
            .reversed()
            .thenComparing(Comparator.comparingLong(Summary.ModelEntry::version).reversed());

    private final int windowSeconds;
    private final int recentAlertsLimit;
    private final long startedAtMs;
    private final Bucket[] ring;

    private final long[] totalDecisions = new long[DECISIONS.length];
    private long totalScored;
    private long totalAlerts;
    private long withoutAppendTime;
    private long modelRecords;
    private long unreadable;
    private Summary.Serving serving;
    private Long lastChallengerVersion;
    private final Deque<Summary.Alert> alerts = new ArrayDeque<>();
    private final List<Summary.ModelEntry> history = new ArrayList<>();
    private final Map<ModelSlot, Summary.ModelEntry> slots = new LinkedHashMap<>();

    /**
     * @param windowSeconds rolling window of the windowed figures, at least 2 seconds
     * @param recentAlerts  how many alerts to keep
     * @param startedAtMs   when reading started (bounds the span of events/s until a whole window has passed)
     */
    public LiveStats(int windowSeconds, int recentAlerts, long startedAtMs) {
        if (windowSeconds < 2) {
            throw new IllegalArgumentException("windowSeconds must be at least 2, was " + windowSeconds);
        }
        if (recentAlerts < 1) {
            throw new IllegalArgumentException("recentAlerts must be at least 1, was " + recentAlerts);
        }
        this.windowSeconds = windowSeconds;
        this.recentAlertsLimit = recentAlerts;
        this.startedAtMs = startedAtMs;
        this.ring = new Bucket[windowSeconds + 1];
        for (int i = 0; i < ring.length; i++) {
            ring[i] = new Bucket();
        }
    }

    /** A scored record from transactions.scored, received (committed, read) at {@code receivedAtMs}. */
    public synchronized void onScored(ScoredTransaction s, long receivedAtMs) {
        totalScored++;
        totalDecisions[s.getDecision().ordinal()]++;
        long scoredTime = s.getScoredTime().toEpochMilli();
        if (serving == null || scoredTime >= serving.scoredTime()) {
            serving = new Summary.Serving(
                    s.getModelId(),
                    s.getModelVersion(),
                    s.getDecidedBy().name(),
                    s.getChallengerModelVersion(),
                    scoredTime);
        }
        Instant appended = s.getRawAppendTime();
        if (appended == null) {
            withoutAppendTime++;
        }
        Bucket b = bucket(Math.floorDiv(receivedAtMs, 1000L));
        if (b == null) {
            return; // received before the window (a clock step back): counted in the totals only
        }
        b.count++;
        b.decisions[s.getDecision().ordinal()]++;
        if (!Double.isNaN(s.getScore())) {
            b.scoreBins[scoreBin(s.getScore())]++;
        }
        if (appended != null) {
            b.latency.recordValue(Math.max(0, receivedAtMs - appended.toEpochMilli()));
        }
        Double challenger = s.getChallengerScore();
        if (challenger != null && !challenger.isNaN() && !Double.isNaN(s.getScore())) {
            lastChallengerVersion = s.getChallengerModelVersion();
            b.challengerCompared++;
            b.challengerAbsDiffSum += Math.abs(s.getScore() - challenger);
            Summary.ModelEntry thresholds = challengerThresholds(s.getChallengerModelVersion());
            if (s.getDecidedBy() == DecidedBy.MODEL && thresholds != null) {
                b.decisionsCompared++;
                if (decide(challenger, thresholds.reviewThreshold(), thresholds.declineThreshold())
                        == s.getDecision()) {
                    b.decisionsAgreed++;
                }
            }
        }
    }

    /** An alert from fraud.alerts. */
    public synchronized void onAlert(ScoredTransaction a) {
        totalAlerts++;
        alerts.addLast(alert(a));
        while (alerts.size() > recentAlertsLimit) {
            alerts.removeFirst();
        }
    }

    /** A model publication on fraud.models, with the record's timestamp. */
    public synchronized void onModel(ModelRecord m, long publishedAtMs) {
        modelRecords++;
        Map<String, Double> metrics = m.getMetrics();
        Summary.ModelEntry e = new Summary.ModelEntry(
                m.getModelId(),
                m.getVersion(),
                m.getSlot().name(),
                m.getAlgorithm(),
                m.getCreatedAt().toEpochMilli(),
                publishedAtMs,
                metric(metrics, "roc_auc", "auc"),
                metric(metrics, "average_precision", "auc_pr", "ap"),
                m.getReviewThreshold(),
                m.getDeclineThreshold());
        history.removeIf(h -> h.modelId().equals(e.modelId())
                && h.version() == e.version()
                && h.slot().equals(e.slot()));
        history.add(e);
        history.sort(NEWEST_FIRST);
        while (history.size() > HISTORY_LIMIT) {
            history.removeLast();
        }
        Summary.ModelEntry current = slots.get(m.getSlot());
        if (current == null || NEWEST_FIRST.compare(e, current) <= 0) {
            slots.put(m.getSlot(), e);
        }
    }

    /** A tombstone on fraud.models: the slot named by {@code key} (champion, challenger) is empty. */
    public synchronized void onModelRemoved(String key) {
        modelRecords++;
        if (key == null) {
            return;
        }
        for (ModelSlot slot : ModelSlot.values()) {
            if (slot.name().equalsIgnoreCase(key.trim())) {
                slots.remove(slot);
            }
        }
    }

    /** A record that could not be read. */
    public synchronized void onUnreadable() {
        unreadable++;
    }

    /** Every figure as of {@code nowMs}. */
    public synchronized Summary snapshot(long nowMs) {
        long nowSec = Math.floorDiv(nowMs, 1000L);
        long windowCount = 0;
        long[] decisions = new long[DECISIONS.length];
        long[] bins = new long[SCORE_BINS];
        Histogram latency = new Histogram(3);
        long compared = 0;
        double absDiff = 0;
        long decisionsCompared = 0;
        long agreed = 0;
        for (long sec = nowSec - windowSeconds + 1; sec <= nowSec; sec++) {
            Bucket b = existing(sec);
            if (b == null) {
                continue;
            }
            windowCount += b.count;
            for (int i = 0; i < decisions.length; i++) {
                decisions[i] += b.decisions[i];
            }
            for (int i = 0; i < bins.length; i++) {
                bins[i] += b.scoreBins[i];
            }
            latency.add(b.latency);
            compared += b.challengerCompared;
            absDiff += b.challengerAbsDiffSum;
            decisionsCompared += b.decisionsCompared;
            agreed += b.decisionsAgreed;
        }
        List<Long> perSecond = new ArrayList<>(windowSeconds);
        for (long sec = nowSec - windowSeconds; sec < nowSec; sec++) {
            Bucket b = existing(sec);
            perSecond.add(b == null ? 0L : b.count);
        }
        long windowStartMs = (nowSec - windowSeconds + 1) * 1000L;
        long spanMs = Math.max(1000L, Math.min(nowMs - startedAtMs, nowMs - windowStartMs));
        long samples = latency.getTotalCount();

        return new Summary(
                nowMs,
                startedAtMs,
                windowSeconds,
                new Summary.Throughput(windowCount * 1000.0 / spanMs, windowCount, perSecond),
                new Summary.Latency(
                        samples,
                        samples == 0 ? null : latency.getValueAtPercentile(50.0),
                        samples == 0 ? null : latency.getValueAtPercentile(99.0),
                        samples == 0 ? null : latency.getValueAtPercentile(99.9),
                        samples == 0 ? null : latency.getMaxValue()),
                new Summary.Decisions(byDecision(decisions), byDecision(totalDecisions)),
                new Summary.Scores(boxed(bins), 1.0 / SCORE_BINS),
                new Summary.Models(
                        serving, slots.get(ModelSlot.CHAMPION), slots.get(ModelSlot.CHALLENGER), List.copyOf(history)),
                new Summary.Challenger(
                        compared,
                        compared == 0 ? null : absDiff / compared,
                        decisionsCompared,
                        decisionsCompared == 0 ? null : (double) agreed / decisionsCompared,
                        lastChallengerVersion),
                recentAlerts(),
                new Summary.Totals(totalScored, totalAlerts, withoutAppendTime, modelRecords, unreadable),
                Summary.Report.none(),
                Summary.Ordering.notConfigured());
    }

    /** The decision thresholds {@code score} is held to: decline at or above, else review at or above, else approve. */
    static Decision decide(double score, double reviewThreshold, double declineThreshold) {
        if (score >= declineThreshold) {
            return Decision.DECLINE;
        }
        return score >= reviewThreshold ? Decision.REVIEW : Decision.APPROVE;
    }

    /** The histogram bin of a score in [0, 1]: {@code floor(score * bins)}, 1.0 in the last bin, outliers clamped. */
    static int scoreBin(double score) {
        return (int) Math.min(SCORE_BINS - 1, Math.max(0, Math.floor(score * SCORE_BINS)));
    }

    /** {@code amountMinor} in the currency's major units, e.g. 12345 EUR is "123.45 EUR"; unknown currencies stay minor. */
    static String formatAmount(long amountMinor, String currency) {
        try {
            int digits = Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getDefaultFractionDigits();
            return BigDecimal.valueOf(amountMinor, Math.max(0, digits)).toPlainString() + " " + currency;
        } catch (IllegalArgumentException | NullPointerException unknownCurrency) {
            return amountMinor + " " + currency + " (minor units)";
        }
    }

    private Summary.ModelEntry challengerThresholds(Long version) {
        if (version != null) {
            for (Summary.ModelEntry e : history) { // newest first
                if (e.slot().equals(ModelSlot.CHALLENGER.name()) && e.version() == version) {
                    return e;
                }
            }
        }
        return slots.get(ModelSlot.CHALLENGER);
    }

    private List<Summary.Alert> recentAlerts() {
        List<Summary.Alert> out = new ArrayList<>(alerts);
        out.sort(Comparator.comparingLong(Summary.Alert::scoredTime).reversed());
        return List.copyOf(out);
    }

    private static Summary.Alert alert(ScoredTransaction a) {
        List<Summary.Reason> reasons = new ArrayList<>();
        for (ReasonCode r : a.getReasons()) {
            reasons.add(new Summary.Reason(r.getFeature(), r.getValue(), r.getContribution()));
        }
        return new Summary.Alert(
                a.getTransactionId(),
                a.getCardToken(),
                a.getMerchantId(),
                a.getAmountMinor(),
                a.getCurrency(),
                formatAmount(a.getAmountMinor(), a.getCurrency()),
                a.getScore(),
                a.getDecision().name(),
                a.getDecidedBy().name(),
                List.copyOf(reasons),
                List.copyOf(a.getRulesFired()),
                a.getScoredTime().toEpochMilli(),
                a.getModelVersion());
    }

    private static Double metric(Map<String, Double> metrics, String... names) {
        for (String name : names) {
            Double v = metrics.get(name);
            if (v != null && !v.isNaN()) {
                return v;
            }
        }
        return null;
    }

    private static Map<String, Long> byDecision(long[] counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Decision d : DECISIONS) {
            out.put(d.name(), counts[d.ordinal()]);
        }
        return out;
    }

    private static List<Long> boxed(long[] values) {
        List<Long> out = new ArrayList<>(values.length);
        for (long v : values) {
            out.add(v);
        }
        return out;
    }

    /** The bucket of second {@code sec}, recycled from an older second if needed; null if {@code sec} is older than the ring. */
    private Bucket bucket(long sec) {
        Bucket b = ring[(int) Math.floorMod(sec, (long) ring.length)];
        if (b.second == sec) {
            return b;
        }
        if (b.second > sec) {
            return null;
        }
        b.reset(sec);
        return b;
    }

    /** The bucket of second {@code sec} if it holds that second. */
    private Bucket existing(long sec) {
        Bucket b = ring[(int) Math.floorMod(sec, (long) ring.length)];
        return b.second == sec ? b : null;
    }

    /** What was received in one second. */
    private static final class Bucket {
        long second = Long.MIN_VALUE;
        long count;
        final long[] decisions = new long[DECISIONS.length];
        final long[] scoreBins = new long[SCORE_BINS];
        final Histogram latency = new Histogram(3);
        long challengerCompared;
        double challengerAbsDiffSum;
        long decisionsCompared;
        long decisionsAgreed;

        void reset(long sec) {
            second = sec;
            count = 0;
            Arrays.fill(decisions, 0);
            Arrays.fill(scoreBins, 0);
            latency.reset();
            challengerCompared = 0;
            challengerAbsDiffSum = 0;
            decisionsCompared = 0;
            decisionsAgreed = 0;
        }
    }

    @Override
    public String toString() {
        return "LiveStats[window " + windowSeconds + " s, scored " + totalScored + "]";
    }
}
