package io.fraudstream.trainer.train;

import io.fraudstream.trainer.Progress;
import io.fraudstream.trainer.data.LabelledData;
import io.fraudstream.trainer.data.LabelledRow;
import io.fraudstream.trainer.eval.RankedScores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The time-aware hyperparameter search: every point of every candidate's grid is trained on each fold's training
 * window (sampled down to {@code maxSearchRows} if larger, then rebalanced) and scored on its validation window; the
 * point with the best mean average precision over the folds wins (ties: the earlier candidate and point). The
 * winner is then retrained on the whole training window. Deterministic for a seed.
 */
public final class ModelSearch {

    private static final Logger log = LoggerFactory.getLogger(ModelSearch.class);

    private final List<Candidate> candidates;
    private final Imbalance imbalance;
    private final int maxSearchRows;
    private final long seed;
    private final int threads;
    private final Progress progress;

    public ModelSearch(List<Candidate> candidates, Imbalance imbalance, int maxSearchRows, long seed, int threads, Progress progress) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidates to search");
        }
        this.candidates = List.copyOf(candidates);
        this.imbalance = Objects.requireNonNull(imbalance, "imbalance");
        this.maxSearchRows = maxSearchRows;
        this.seed = seed;
        this.threads = threads;
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * One grid point's results.
     *
     * @param params        the point
     * @param foldAp        average precision on each fold's validation window
     * @param meanAp        their mean (NaN folds, without fraud, left out)
     * @param seconds       training time summed over folds
     * @param lastFoldScores out-of-sample scores on the last fold's validation rows
     */
    public record Trial(HyperParams params, double[] foldAp, double meanAp, double seconds, double[] lastFoldScores) {
    }

    /**
     * The search's outcome.
     *
     * @param trials            every point, in search order
     * @param best              the winner
     * @param lastFoldRows      the last fold's validation rows (for thresholds and calibration)
     */
    public record Result(List<Trial> trials, Trial best, List<LabelledRow> lastFoldRows) {
    }

    /** Runs the search over the folds of {@code split}. */
    public Result search(LabelledData data, TimeSplit split) {
        List<HyperParams> points = candidates.stream().flatMap(c -> c.grid().stream()).toList();
        int folds = split.folds().size();
        double[][] ap = new double[points.size()][folds];
        double[] seconds = new double[points.size()];
        double[][] lastScores = new double[points.size()][];
        List<LabelledRow> lastRows = List.of();
        try (Progress.Task task = progress.start("searching " + points.size() + " candidates x " + folds + " folds",
                (long) points.size() * folds)) {
            for (Fold fold : split.folds()) {
                List<LabelledRow> trainRows = Sampling.atMost(data.in(fold.train()), maxSearchRows, seed + fold.index());
                List<LabelledRow> valRows = data.in(fold.validation());
                requireBothClasses(trainRows, "fold " + fold.index() + " training window " + fold.train());
                MutableDataset<Label> ds = TribuoData.dataset("fold " + fold.index() + " " + fold.train(),
                        data.featureNames(), imbalance.apply(trainRows, seed));
                boolean[] constant = constantFeatures(trainRows, data.featureNames().size());
                boolean[] labels = TribuoData.labels(valRows);
                for (int p = 0; p < points.size(); p++) {
                    HyperParams point = points.get(p);
                    long start = System.nanoTime();
                    Model<Label> model = candidate(point).trainer(point, data.featureNames(), constant, seed, threads).train(ds);
                    seconds[p] += (System.nanoTime() - start) / 1e9;
                    double[] scores = TribuoData.scores(model, data.featureNames(), valRows);
                    ap[p][fold.index()] = valRows.isEmpty() ? Double.NaN : new RankedScores(scores, labels).averagePrecision();
                    if (fold.index() == folds - 1) {
                        lastScores[p] = scores;
                    }
                    log.info("fold {} {}: average precision {} ({} training rows, {} validation rows)", fold.index(),
                            point, String.format("%.4f", ap[p][fold.index()]), trainRows.size(), valRows.size());
                    task.step();
                }
                if (fold.index() == folds - 1) {
                    lastRows = valRows;
                }
            }
        }
        List<Trial> trials = new ArrayList<>();
        Trial best = null;
        for (int p = 0; p < points.size(); p++) {
            Trial t = new Trial(points.get(p), ap[p], mean(ap[p]), seconds[p], lastScores[p]);
            trials.add(t);
            if (best == null || (!Double.isNaN(t.meanAp()) && (Double.isNaN(best.meanAp()) || t.meanAp() > best.meanAp()))) {
                best = t;
            }
        }
        return new Result(trials, best, lastRows);
    }

    /** Trains {@code params} on {@code rows} (the whole training window). */
    public Model<Label> retrain(HyperParams params, List<String> featureNames, List<LabelledRow> rows) {
        requireBothClasses(rows, "the training window");
        try (Progress.Task task = progress.start("training " + params + " on " + rows.size() + " rows", 1)) {
            MutableDataset<Label> ds = TribuoData.dataset("training window", featureNames, imbalance.apply(rows, seed));
            Model<Label> model = candidate(params).trainer(params, featureNames, constantFeatures(rows, featureNames.size()),
                    seed, threads).train(ds);
            task.step();
            return model;
        }
    }

    private Candidate candidate(HyperParams p) {
        return candidates.stream().filter(c -> c.name().equals(p.candidate())).findFirst().orElseThrow();
    }

    /** Per feature: true if every row has the same value. */
    static boolean[] constantFeatures(List<LabelledRow> rows, int width) {
        boolean[] constant = new boolean[width];
        java.util.Arrays.fill(constant, true);
        if (rows.isEmpty()) {
            return constant;
        }
        double[] first = rows.get(0).features();
        for (LabelledRow r : rows) {
            double[] v = r.features();
            for (int j = 0; j < width; j++) {
                if (constant[j] && v[j] != first[j]) {
                    constant[j] = false;
                }
            }
        }
        return constant;
    }

    private static void requireBothClasses(List<LabelledRow> rows, String what) {
        long fraud = rows.stream().filter(LabelledRow::fraud).count();
        if (fraud == 0 || fraud == rows.size()) {
            throw new IllegalArgumentException(what + " has " + rows.size() + " rows and " + fraud
                    + " fraud: both fraud and legitimate rows are needed to train (widen the window or check the labels)");
        }
    }

    private static double mean(double[] values) {
        double s = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                s += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }
}
