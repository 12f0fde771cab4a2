package io.fraudstream.benchmarks.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.ingest.card.CardTokenizer;
import io.fraudstream.ingest.generator.GeneratedEvent;
import io.fraudstream.ingest.generator.GeneratorSettings;
import io.fraudstream.ingest.generator.LabelDelays;
import io.fraudstream.ingest.generator.TrafficGenerator;
import io.fraudstream.trainer.data.LabelJoin;
import io.fraudstream.trainer.data.TimeWindow;
import io.fraudstream.trainer.train.TimeSplit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The trainer's label join on a generated history, against the generator's ground truth: the holdout the trainer
 * would evaluate on (window ending at the last row kept, the default split) must hold about the true fraud rate of
 * its period, not a fraud-enriched sample. No features and no Kafka: the rule is about which rows are kept.
 */
class LabelMaturityBiasTest {

    private static final CardTokenizer TOKENIZER =
            new CardTokenizer("maturity-bias-test-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    /** One transaction with its truth. */
    private record Txn(String id, long eventTimeMs, boolean fraud) {}

    /** What the trainer's holdout holds. */
    private record Holdout(
            TimeWindow window, long rows, long periodRows, double labelledFraudRate, double trueFraudRate) {
        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "holdout %s: %,d rows of the period's %,d, labelled fraud rate %.3f %%, true fraud rate of the "
                            + "period %.3f %%",
                    window,
                    rows,
                    periodRows,
                    100 * labelledFraudRate,
                    100 * trueFraudRate);
        }
    }

    /** The trainer's split settings. */
    private record Split(Duration holdout, Duration gap, int folds, Duration validation) {}

    @Test
    void shouldKeepTheHoldoutAtTheTrueFraudRateWithChargebackDelaysAndTheDefaultSettings() {
        // given 90 days of history with chargeback label delays (7-60 days), trained on at its end with the defaults:
        // maturity 30 days, holdout 7 days, gap 7 days, 3 folds of 7 days
        History history = history(LabelDelays.CHARGEBACK, 90, Duration.ofDays(30));

        // then the holdout holds the whole period at about its true fraud rate (labels given after the maturity may
        // still be missing)
        assertHonest(
                "chargeback, maturity 30 d",
                history,
                new Split(Duration.ofDays(7), Duration.ofDays(7), 3, Duration.ofDays(7)));
    }

    @Test
    void shouldKeepTheHoldoutAtTheTrueFraudRateWithShortDelays() {
        // given 60 days of history with short label delays, trained on at its end with a 14-day maturity and the
        // demo's split (holdout 5 days, gap 3 days, 2 folds of 4 days); then the same
        assertHonest(
                "short, maturity 14 d",
                history(LabelDelays.SHORT, 60, Duration.ofDays(14)),
                new Split(Duration.ofDays(5), Duration.ofDays(3), 2, Duration.ofDays(4)));
    }

    /** Prints the holdout under the rule and the previous one, and checks the rule's holds the truth. */
    private static void assertHonest(String name, History history, Split split) {
        Holdout h = history.holdout(false, split);
        System.out.println(name + ": " + h);
        System.out.println("  the previous rule (young labelled rows kept): " + history.holdout(true, split));
        assertThat(h.rows()).isEqualTo(h.periodRows());
        assertThat(h.labelledFraudRate()).isBetween(0.7 * h.trueFraudRate(), 1.1 * h.trueFraudRate());
    }

    /** A generated history, its transactions in event-time order, and its labels joined as of its end. */
    private record History(List<Txn> txns, LabelJoin join, LabelJoin labelsOnly) {

        /**
         * The holdout the trainer would evaluate on; {@code previousRule}: as before the fix, a young transaction with
         * a label was kept with it.
         */
        Holdout holdout(boolean previousRule, Split split) {
            List<Txn> kept = new ArrayList<>();
            List<Boolean> labels = new ArrayList<>();
            for (Txn t : txns) {
                LabelJoin.Outcome o = join.classify(t.id(), t.eventTimeMs());
                if (previousRule && o == LabelJoin.Outcome.IMMATURE_LABELLED) {
                    o = labelsOnly.classify(t.id(), t.eventTimeMs());
                }
                if (!o.immature()) {
                    kept.add(t);
                    labels.add(o == LabelJoin.Outcome.FRAUD);
                }
            }
            // the trainer's default window: first to last row kept
            TimeWindow window = new TimeWindow(
                    Instant.ofEpochMilli(kept.get(0).eventTimeMs()),
                    Instant.ofEpochMilli(kept.get(kept.size() - 1).eventTimeMs() + 1));
            TimeWindow h = TimeSplit.plan(window, split.holdout(), split.gap(), split.folds(), split.validation())
                    .holdout();
            long rows = 0;
            long labelledFraud = 0;
            for (int i = 0; i < kept.size(); i++) {
                if (h.contains(kept.get(i).eventTimeMs())) {
                    rows++;
                    labelledFraud += labels.get(i) ? 1 : 0;
                }
            }
            List<Txn> period =
                    txns.stream().filter(t -> h.contains(t.eventTimeMs())).toList();
            double truth = period.stream().filter(Txn::fraud).count() / (double) period.size();
            return new Holdout(h, rows, period.size(), labelledFraud / (double) rows, truth);
        }
    }

    private static History history(LabelDelays delays, int days, Duration maturity) {
        GeneratorSettings s = GeneratorSettings.defaults(5, START, Duration.ofDays(days))
                .withPopulation(3000, 300)
                .withLabelDelays(delays);
        List<Txn> txns = new ArrayList<>();
        LabelJoin join = new LabelJoin(maturity, s.end());
        // every transaction before the end is mature for this one: it gives a young transaction's label
        LabelJoin labelsOnly = new LabelJoin(Duration.ZERO, s.end());
        TrafficGenerator.create(s, TOKENIZER).forEachRemaining(e -> {
            switch (e) {
                case GeneratedEvent.TransactionEvent t ->
                    txns.add(new Txn(t.transaction().getTransactionId(), t.timeMillis(), t.scenario() != null));
                case GeneratedEvent.LabelEvent l -> {
                    join.offer(l.label());
                    labelsOnly.offer(l.label());
                }
            }
        });
        txns.sort(Comparator.comparingLong(Txn::eventTimeMs).thenComparing(Txn::id));
        return new History(txns, join, labelsOnly);
    }
}
