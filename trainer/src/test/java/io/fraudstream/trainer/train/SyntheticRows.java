package io.fraudstream.trainer.train;

import io.fraudstream.features.FeatureSet;
import io.fraudstream.features.FeatureVector;
import io.fraudstream.trainer.data.LabelledData;
import io.fraudstream.trainer.data.LabelledRow;
import io.fraudstream.trainer.data.LoadStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded labelled rows with a learnable signal: fraud shifts the first five features. */
final class SyntheticRows {

    private SyntheticRows() {}

    static LabelledData of(int rows, Instant start, int days, double fraudRate, long seed) {
        List<String> names = FeatureVector.featureNames();
        Random random = new Random(seed);
        List<LabelledRow> out = new ArrayList<>();
        long span = Duration.ofDays(days).toMillis();
        for (int i = 0; i < rows; i++) {
            boolean fraud = random.nextDouble() < fraudRate;
            double[] v = new double[names.size()];
            for (int j = 0; j < v.length; j++) {
                v[j] = random.nextGaussian() + (fraud && j < 5 ? 1.5 : 0);
            }
            v[v.length - 1] = 1.0; // a constant feature, which standardisation must survive
            out.add(new LabelledRow(
                    "t" + i,
                    "card-" + random.nextInt(rows / 10 + 1),
                    start.toEpochMilli() + (long) i * span / rows,
                    fraud,
                    v));
        }
        long fraud = out.stream().filter(LabelledRow::fraud).count();
        return new LabelledData(
                FeatureSet.VERSION,
                names,
                out,
                new LoadStats("synthetic", rows, 0, 0, 0, 0, 0, fraud, rows - fraud, 0, 0, 0));
    }
}
