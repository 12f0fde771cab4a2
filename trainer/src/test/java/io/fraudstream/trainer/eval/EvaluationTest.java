package io.fraudstream.trainer.eval;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.fraudstream.trainer.TestFeatures.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EvaluationTest {

    @Test
    void shouldReportBothCardPrecisionsUnderNamesThatCannotBeConfused() {
        // card A is the top card and fraud on both days; as the literature counts, it is detected on day 1 and
        // left out on day 2, where B (legitimate) is all that is left: (1/1 + 0/1) / 2; each day on its own: 1
        String[] cards = {"A", "B", "A", "B"};
        long[] times = {day(1.1).toEpochMilli(), day(1.2).toEpochMilli(), day(2.1).toEpochMilli(), day(2.2).toEpochMilli()};
        double[] scores = {0.9, 0.2, 0.8, 0.1};
        boolean[] fraud = {true, false, true, false};

        Evaluation e = Evaluation.of(new RankedScores(scores, fraud), scores, fraud, cards, times, 0.5, 0.7,
                Calibration.Platt.IDENTITY, 1);
        Map<String, Double> m = e.toMap();

        assertThat(m.get("precision_at_1_cards_per_day")).isCloseTo(1.0, within(1e-12));
        assertThat(m.get("card_precision_top_1_le_borgne")).isCloseTo(0.5, within(1e-12));
    }
}
