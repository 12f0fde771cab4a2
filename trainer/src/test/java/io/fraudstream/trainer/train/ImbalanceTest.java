package io.fraudstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.trainer.data.LabelledRow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImbalanceTest {

    private static List<LabelledRow> rows(int fraud, int legit) {
        List<LabelledRow> out = new ArrayList<>();
        for (int i = 0; i < fraud + legit; i++) {
            out.add(new LabelledRow("t" + i, "c", i, i < fraud, new double[] {i}));
        }
        return out;
    }

    @Test
    void shouldWeighFraudBySquareRootOfTheRatioWhenAutomatic() {
        List<Imbalance.Weighted> out = new Imbalance(Imbalance.Mode.WEIGHT, 0, 1).apply(rows(10, 1000), 1);

        assertThat(out).hasSize(1010);
        assertThat(out.get(0).weight()).isEqualTo(10f); // sqrt(1000 / 10)
        assertThat(out.get(500).weight()).isEqualTo(1f);
    }

    @Test
    void shouldUseTheConfiguredFraudWeight() {
        List<Imbalance.Weighted> out = new Imbalance(Imbalance.Mode.WEIGHT, 5, 1).apply(rows(1, 9), 1);

        assertThat(out.get(0).weight()).isEqualTo(5f);
    }

    @Test
    void shouldKeepAllFraudAndAboutTheRequestedShareOfLegitimateRows() {
        List<Imbalance.Weighted> out = new Imbalance(Imbalance.Mode.UNDERSAMPLE, 0, 20).apply(rows(100, 100_000), 7);

        assertThat(out.stream().filter(w -> w.row().fraud()).count()).isEqualTo(100);
        assertThat(out.stream().filter(w -> !w.row().fraud()).count()).isBetween(1_800L, 2_200L);
    }

    @Test
    void shouldSampleTheSameRowsForTheSameSeed() {
        Imbalance undersample = new Imbalance(Imbalance.Mode.UNDERSAMPLE, 0, 5);
        List<LabelledRow> rows = rows(50, 10_000);

        assertThat(undersample.apply(rows, 3)).isEqualTo(undersample.apply(rows, 3));
        assertThat(undersample.apply(rows, 3)).isNotEqualTo(undersample.apply(rows, 4));
    }
}
