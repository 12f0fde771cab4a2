package io.fraudstream.dashboard;

import java.util.List;
import java.util.Map;

/**
 * What {@code GET /api/summary} answers: one consistent snapshot of {@link LiveStats}, plus where the newest
 * training report is. Times are epoch milliseconds (UTC); figures that need data the dashboard has not seen yet
 * are {@code null}.
 *
 * @param generatedAt   when the snapshot was taken
 * @param startedAt     when the dashboard started reading
 * @param windowSeconds the rolling window of the windowed figures
 * @param throughput    scored events per second
 * @param latency       end-to-end latency percentiles over the window
 * @param decisions     decision counts, over the window and since start
 * @param scores        score histogram over the window
 * @param models        the serving model, the published slots and the publication history
 * @param challenger    champion vs challenger over the window
 * @param recentAlerts  the latest alerts, newest first
 * @param totals        counts since start
 * @param report        the newest training report, if any
 * @param ordering      the feature stream's event-time ordering, as its {@code /metrics} say
 */
public record Summary(
        long generatedAt,
        long startedAt,
        int windowSeconds,
        Throughput throughput,
        Latency latency,
        Decisions decisions,
        Scores scores,
        Models models,
        Challenger challenger,
        List<Alert> recentAlerts,
        Totals totals,
        Report report,
        Ordering ordering) {

    /** This snapshot with {@code report} in place of its report. */
    public Summary withReport(Report report) {
        return new Summary(
                generatedAt,
                startedAt,
                windowSeconds,
                throughput,
                latency,
                decisions,
                scores,
                models,
                challenger,
                recentAlerts,
                totals,
                report,
                ordering);
    }

    /** This snapshot with {@code ordering} in place of its ordering figures. */
    public Summary withOrdering(Ordering ordering) {
        return new Summary(
                generatedAt,
                startedAt,
                windowSeconds,
                throughput,
                latency,
                decisions,
                scores,
                models,
                challenger,
                recentAlerts,
                totals,
                report,
                ordering);
    }

    /**
     * @param eventsPerSecond scored records received over the window (or since start, if shorter) per second
     * @param windowCount     scored records received in the window
     * @param perSecond       records received in each of the last {@code windowSeconds} whole seconds, oldest first
     */
    public record Throughput(double eventsPerSecond, long windowCount, List<Long> perSecond) {}

    /**
     * End-to-end latency: when the dashboard received the committed scored record minus the broker append time of
     * the raw transaction ({@code rawAppendTime}); records without it are not counted.
     *
     * @param samples records measured in the window
     */
    public record Latency(long samples, Long p50Ms, Long p99Ms, Long p999Ms, Long maxMs) {}

    /** Decision counts by decision name (APPROVE, REVIEW, DECLINE, UNKNOWN), over the window and since start. */
    public record Decisions(Map<String, Long> window, Map<String, Long> total) {}

    /** Score histogram: {@code bins.size()} equal-width bins over [0, 1], the last one closed. */
    public record Scores(List<Long> bins, double binWidth) {}

    /**
     * @param serving    the model of the most recently scored record (what the scoring service actually used)
     * @param champion   the latest record published in the champion slot of fraud.models
     * @param challenger the latest record published in the challenger slot, unless removed
     * @param history    every model publication seen, newest first
     */
    public record Models(Serving serving, ModelEntry champion, ModelEntry challenger, List<ModelEntry> history) {}

    /**
     * The model behind the latest scored record.
     *
     * @param modelId           null when no model was in service (rules only)
     * @param version           null when no model was in service
     * @param decidedBy         MODEL, RULES or RULES_ONLY_NO_MODEL
     * @param challengerVersion the challenger scored in shadow, if any
     * @param scoredTime        when that record was scored
     */
    public record Serving(String modelId, Long version, String decidedBy, Long challengerVersion, long scoredTime) {}

    /**
     * One publication on fraud.models (metadata only).
     *
     * @param publishedAt      the record's timestamp on the models topic
     * @param auc              ROC AUC on the trainer's holdout, if the record has it
     * @param averagePrecision average precision on the holdout, if the record has it
     */
    public record ModelEntry(
            String modelId,
            long version,
            String slot,
            String algorithm,
            long createdAt,
            long publishedAt,
            Double auc,
            Double averagePrecision,
            double reviewThreshold,
            double declineThreshold) {}

    /**
     * Champion vs challenger over the window, on the scored records that carry a challenger score.
     *
     * @param compared          records with a challenger score
     * @param meanAbsDiff       mean |champion score - challenger score|
     * @param decisionsCompared of those, records decided by the model whose challenger thresholds are known
     * @param agreementRate     fraction of {@code decisionsCompared} where the challenger's score, under the
     *                          challenger's own thresholds, gives the champion's decision
     * @param challengerVersion challenger version of the latest compared record
     */
    public record Challenger(
            long compared, Double meanAbsDiff, long decisionsCompared, Double agreementRate, Long challengerVersion) {}

    /** One alert (a REVIEW or DECLINE from fraud.alerts). {@code amount} is formatted in major units. */
    public record Alert(
            String transactionId,
            String cardToken,
            String merchantId,
            long amountMinor,
            String currency,
            String amount,
            double score,
            String decision,
            String decidedBy,
            List<Reason> reasons,
            List<String> rulesFired,
            long scoredTime,
            Long modelVersion) {}

    /** One reason code: a feature, its value and its contribution to the score. */
    public record Reason(String feature, double value, double contribution) {}

    /**
     * Counts since the dashboard started.
     *
     * @param scored            scored records read
     * @param alerts            alert records read (including the last ones before start)
     * @param withoutAppendTime scored records without rawAppendTime (not in the latency figures)
     * @param modelRecords      fraud.models records read (from the beginning of the topic)
     * @param unreadable        records that could not be deserialized (skipped, logged)
     */
    public record Totals(long scored, long alerts, long withoutAppendTime, long modelRecords, long unreadable) {}

    /**
     * The newest training report.
     *
     * @param available whether there is one
     * @param run       its run directory's name (the trainer names them yyyyMMdd-HHmmss, UTC)
     * @param path      where the dashboard serves it
     */
    public record Report(boolean available, String run, String path) {

        /** No report yet. */
        public static Report none() {
            return new Report(false, null, null);
        }
    }

    /**
     * The feature stream's merchant stage holds transactions until every upstream task's watermark has passed them
     * (see the feature stream's README section); these are its gauges and counters, scraped from the {@code /metrics}
     * of each configured instance ({@code dashboard.feature.stream.metrics.urls}). Figures combine the instances that
     * answered the latest scrape (lag: the largest; held and late: the sum); null when none did, or before the first
     * scrape.
     *
     * @param configured        whether any URL is configured (if not, every figure is null and endpoints empty)
     * @param watermarkLagMs    wall clock minus the watermark of the task furthest behind, at the latest scrape; null
     *                          also while no task has a watermark yet
     * @param watermarkLagP50Ms median of the lags scraped over the last {@code lagWindowSeconds}
     * @param watermarkLagP99Ms 99th percentile of the same
     * @param lagSamples        scrapes with a lag in that window
     * @param lagWindowSeconds  the window of the percentiles
     * @param held              transactions held, waiting for the watermark
     * @param late              events (transactions and labels) that reached the merchant stage behind its watermark,
     *                          since each instance started
     * @param lateByKind        {@code late} by kind ({@code transaction}, {@code label})
     * @param scrapedAt         when the latest scrape finished
     * @param endpoints         each configured URL and what its latest scrape gave
     */
    public record Ordering(
            boolean configured,
            Long watermarkLagMs,
            Long watermarkLagP50Ms,
            Long watermarkLagP99Ms,
            int lagSamples,
            int lagWindowSeconds,
            Long held,
            Long late,
            Map<String, Long> lateByKind,
            Long scrapedAt,
            List<OrderingEndpoint> endpoints) {

        /** No URL configured. */
        public static Ordering notConfigured() {
            return new Ordering(false, null, null, null, 0, 0, null, null, Map.of(), null, List.of());
        }
    }

    /**
     * One feature stream instance's {@code /metrics}.
     *
     * @param url            the configured URL
     * @param status         what the latest scrape gave
     * @param error          why, unless UP or PENDING
     * @param scrapedAt      when it was last scraped
     * @param watermarkLagMs its watermark lag; null without a watermark yet, or unless UP
     * @param held           its held transactions, unless not UP
     * @param late           its late events, unless not UP
     */
    public record OrderingEndpoint(
            String url,
            EndpointStatus status,
            String error,
            Long scrapedAt,
            Long watermarkLagMs,
            Long held,
            Long late) {}

    /** What the latest scrape of a feature stream's {@code /metrics} gave. */
    public enum EndpointStatus {
        /** Not scraped yet. */
        PENDING,
        /** Answered with the ordering gauges. */
        UP,
        /** No answer in time, an HTTP status other than 200, or a body that is not the Prometheus text format. */
        UNREACHABLE,
        /** Answered, without the ordering gauges (not a feature stream, or one from before them). */
        NO_ORDERING_METRICS
    }
}
