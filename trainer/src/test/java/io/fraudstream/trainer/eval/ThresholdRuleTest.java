package io.fraudstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ThresholdRuleTest {

    /** 100 transactions scored 0.00..0.99; fraud at 0.99, 0.98, 0.97 and 0.95. */
    private static RankedScores ranked() {
        double[] scores = new double[100];
        boolean[] fraud = new boolean[100];
        for (int i = 0; i < 100; i++) {
            scores[i] = i / 100.0;
            fraud[i] = i == 99 || i == 98 || i == 97 || i == 95;
        }
        return new RankedScores(scores, fraud);
    }

    @Test
    void shouldReviewAtTheLowestScoreWithinTheAlertRate() {
        // 5 % of 100 = the top 5 scores: threshold 0.95
        ThresholdRule.Choice c = new ThresholdRule(0.05, 0.9, 0.05).choose(ranked());

        assertThat(c.review()).isEqualTo(0.95);
        assertThat(c.reviewAlertRate()).isCloseTo(0.05, within(1e-12));
        assertThat(c.reviewPrecision()).isCloseTo(0.8, within(1e-12)); // 4 of the top 5
    }

    @Test
    void shouldDeclineAtTheLowestScoreReachingThePrecision() {
        // precision at 0.99, 0.98, 0.97 is 1; at 0.96 it is 3/4; at 0.95 4/5: the lowest reaching 0.9 is 0.97
        ThresholdRule.Choice c = new ThresholdRule(0.05, 0.9, 0.05).choose(ranked());

        assertThat(c.decline()).isEqualTo(0.97);
        assertThat(c.declinePrecision()).isEqualTo(1.0);
        assertThat(c.declineByPrecision()).isTrue();
    }

    @Test
    void shouldFallBackToATenthOfTheDeclineAlertRateWhenNoScoreIsPreciseEnough() {
        // the top score is legitimate and precision never reaches 0.99: decline falls back to the lowest score within
        // a tenth of the decline cap (1.0 / 10 = 10 % of 10 transactions: the top one)
        double[] scores = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0};
        boolean[] fraud = {false, true, false, false, false, false, false, false, false, false};

        ThresholdRule.Choice c = new ThresholdRule(0.5, 0.99, 1.0).choose(new RankedScores(scores, fraud));

        assertThat(c.declineByPrecision()).isFalse();
        assertThat(c.decline()).isEqualTo(0.9); // alert rate 10 % = 1.0 / 10
        assertThat(c.review()).isEqualTo(0.5);
    }

    @Test
    void shouldNeverDeclineBelowReview() {
        ThresholdRule.Choice c = new ThresholdRule(0.01, 0.5, 0.05).choose(ranked());

        assertThat(c.decline()).isGreaterThanOrEqualTo(c.review());
    }

    @Test
    void shouldRejectRatesOutsideZeroToOne() {
        assertThatThrownBy(() -> new ThresholdRule(0, 0.9, 0.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThresholdRule(0.01, 1.5, 0.01)).isInstanceOf(IllegalArgumentException.class);
    }
}
