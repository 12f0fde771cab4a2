package io.fraudstream.trainer.eval;

import static io.fraudstream.trainer.TestFeatures.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    @Test
    void shouldReportBothCardPrecisionsUnderNamesThatCannotBeConfused() {
        // card A is the top card and fraud on both days; as the literature counts, it is detected on day 1 and
        // left out on day 2, where B (legitimate) is all that is left: (1/1 + 0/1) / 2; each day on its own: 1
        String[] cards = {"A", "B", "A", "B"};
        long[] times = {
            day(1.1).toEpochMilli(), day(1.2).toEpochMilli(), day(2.1).toEpochMilli(), day(2.2).toEpochMilli()
        };
        double[] scores = {0.9, 0.2, 0.8, 0.1};
        boolean[] fraud = {true, false, true, false};

        Evaluation e = Evaluation.of(
                new RankedScores(scores, fraud), scores, fraud, cards, times, 0.5, 0.7, Calibration.Platt.IDENTITY, 1);
        Map<String, Double> m = e.toMap();

        assertThat(m.get("precision_at_1_cards_per_day")).isCloseTo(1.0, within(1e-12));
        assertThat(m.get("card_precision_top_1_le_borgne")).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void shouldCountTheRawDecisionsOnTheServedScaleAtThresholdsMappedThroughTheCalibration() {
        // Given raw scores, thresholds chosen on them by the rule, and a calibration a=2, b=-1
        Random random = new Random(5);
        int n = 20_000;
        double[] scores = new double[n];
        boolean[] fraud = new boolean[n];
        String[] cards = new String[n];
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            fraud[i] = random.nextDouble() < 0.02;
            scores[i] = 1 / (1 + Math.exp(-(random.nextGaussian() + (fraud[i] ? 2 : -3))));
            cards[i] = "card-" + random.nextInt(2000);
            times[i] = day(i * 10.0 / n).toEpochMilli();
        }
        RankedScores ranked = new RankedScores(scores, fraud);
        ThresholdRule.Choice raw = new ThresholdRule(0.01, 0.9, 0.002).choose(ranked);
        Calibration.Platt platt = new Calibration.Platt(2, -1);

        // When evaluated at the raw thresholds on raw scores, and at the mapped thresholds on the calibrated scores
        Evaluation onRaw = Evaluation.of(ranked, scores, fraud, cards, times, raw.review(), raw.decline(), platt, 10);
        Evaluation onServed = Evaluation.of(
                ranked,
                new RankedScores(platt.apply(scores), fraud),
                scores,
                fraud,
                cards,
                times,
                platt.apply(raw.review()),
                platt.apply(raw.decline()),
                platt,
                10);

        // Then the same transactions are flagged, and every figure is the same
        assertThat(onRaw.atReview().tp() + onRaw.atReview().fp()).isPositive();
        assertThat(onServed.atReview()).isEqualTo(onRaw.atReview());
        assertThat(onServed.atDecline()).isEqualTo(onRaw.atDecline());
        assertThat(onServed.toMap()).isEqualTo(onRaw.toMap());
    }
}
