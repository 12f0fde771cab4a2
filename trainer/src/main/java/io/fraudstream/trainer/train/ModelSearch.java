package io.fraudstream.trainer.train;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import io.fraudstream.trainer.Progress;
import io.fraudstream.trainer.data.LabelledData;
import io.fraudstream.trainer.data.LabelledRow;
import io.fraudstream.trainer.eval.RankedScores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

/**
 * The time-aware hyperparameter search: every point of every candidate's grid is trained on each fold's training
 * window (sampled down to {@code maxSearchRows} if larger, then rebalanced) and scored on its validation window; the
 * point with the best mean average precision over the folds wins (ties: the earlier candidate and point). The
 * winner is then retrained on the whole training window. Deterministic for a seed.
 *
 * <p>A candidate that {@link EarlyStopping stops early} (XGBoost) is fitted once per point and fold, every fold's fit
 * grown in step and scored on its validation window every {@link EarlyStopping#EVALUATE_EVERY} rounds; the point's
 * round count is the one with the best mean average precision over the folds (growth stops
 * {@link EarlyStopping#patience()} rounds after it), its fold figures and last-fold scores are those at that count,
 * and the count goes into the point's parameters, so {@link #retrain} fits exactly that many.
 *
 * <p>With several {@link Imbalance} settings (fraud weights), each is a further grid dimension: every point is tried
 * with each, and the weight goes into the point's parameters as {@value #FRAUD_WEIGHT} ({@link #imbalanceFor}).
 */
public final class ModelSearch {

    /** The parameter naming a point's fraud weight when several are searched (0 = automatic, see {@link Imbalance}). */
    public static final String FRAUD_WEIGHT = "fraudWeight";

    private static final Logger log = LoggerFactory.getLogger(ModelSearch.class);

    private final List<Candidate> candidates;
    private final List<Imbalance> imbalances;
    private final int maxSearchRows;
    private final long seed;
    private final int threads;
    private final Progress progress;

    public ModelSearch(
            List<Candidate> candidates,
            Imbalance imbalance,
            int maxSearchRows,
            long seed,
            int threads,
            Progress progress) {
        this(candidates, List.of(imbalance), maxSearchRows, seed, threads, progress);
    }

    /**
     * A search over {@code imbalances} too: one setting is used as is; several must all be {@link Imbalance.Mode#WEIGHT}
     * with distinct fraud weights, each a grid dimension.
     */
    public ModelSearch(
            List<Candidate> candidates,
            List<Imbalance> imbalances,
            int maxSearchRows,
            long seed,
            int threads,
            Progress progress) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidates to search");
        }
        if (imbalances.isEmpty()) {
            throw new IllegalArgumentException("no imbalance setting to search");
        }
        if (imbalances.size() > 1
                && (imbalances.stream().anyMatch(i -> i.mode() != Imbalance.Mode.WEIGHT)
                        || imbalances.stream()
                                        .map(Imbalance::fraudWeight)
                                        .distinct()
                                        .count()
                                < imbalances.size())) {
            throw new IllegalArgumentException(
                    "several imbalance settings must all weight fraud, with distinct weights: " + imbalances);
        }
        this.candidates = List.copyOf(candidates);
        this.imbalances = List.copyOf(imbalances);
        this.maxSearchRows = maxSearchRows;
        this.seed = seed;
        this.threads = threads;
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * One grid point's results.
     *
     * @param params         the point (with the round count early stopping chose, if it did)
     * @param foldAp         average precision on each fold's validation window
     * @param meanAp         their mean (NaN folds, without fraud, left out)
     * @param seconds        training time summed over folds (with early stopping: growing and scoring the folds)
     * @param lastFoldScores out-of-sample scores on the last fold's validation rows
     * @param earlyStop      how early stopping chose the round count, if it did
     */
    public record Trial(
            HyperParams params,
            double[] foldAp,
            double meanAp,
            double seconds,
            double[] lastFoldScores,
            Optional<EarlyStop> earlyStop) {

        public Trial {
            Objects.requireNonNull(earlyStop, "earlyStop");
        }

        /** A trial without early stopping. */
        public Trial(HyperParams params, double[] foldAp, double meanAp, double seconds, double[] lastFoldScores) {
            this(params, foldAp, meanAp, seconds, lastFoldScores, Optional.empty());
        }

        @Override
        public String toString() {
            return params + ": mean AP " + String.format(Locale.ROOT, "%.4f", meanAp) + " "
                    + Arrays.stream(foldAp)
                            .mapToObj(a -> String.format(Locale.ROOT, "%.4f", a))
                            .toList()
                    + String.format(Locale.ROOT, ", %.1f s", seconds)
                    + earlyStop.map(e -> "; " + e).orElse("");
        }
    }

    /**
     * How early stopping chose a point's round count.
     *
     * @param parameter the parameter it set ({@code trees})
     * @param chosen    the count with the best mean validation average precision
     * @param grown     rounds the fits grew to before stopping
     * @param max       the most they could grow to
     */
    public record EarlyStop(String parameter, int chosen, int grown, int max) {
        @Override
        public String toString() {
            return parameter + "=" + chosen + " chosen on validation (grown to " + grown + " of at most " + max + ")";
        }
    }

    /**
     * The search's outcome.
     *
     * @param trials            every point, in search order
     * @param best              the winner
     * @param lastFoldRows      the last fold's validation rows (for thresholds and calibration)
     */
    public record Result(List<Trial> trials, Trial best, List<LabelledRow> lastFoldRows) {}

    /** A point of the whole grid: a candidate's point with one imbalance setting. */
    private record Point(Candidate candidate, int candidateIndex, HyperParams params, int imbalance) {}

    /** Runs the search over the folds of {@code split}. */
    public Result search(LabelledData data, TimeSplit split) {
        List<Point> points = points();
        int folds = split.folds().size();
        double[][] ap = new double[points.size()][folds];
        double[] seconds = new double[points.size()];
        double[][] lastScores = new double[points.size()][];
        Trial[] staged = new Trial[points.size()];
        boolean[][] foldLabels = new boolean[folds][];
        // per fold, imbalance setting and candidate: the prepared data of early-stopping candidates
        EarlyStopping.Prepared[][][] prepared = new EarlyStopping.Prepared[folds][imbalances.size()][candidates.size()];
        List<LabelledRow> lastRows = List.of();
        try (Progress.Task task = progress.start(
                "searching " + points.size() + " candidates x " + folds + " folds", (long) points.size() * folds)) {
            for (Fold fold : split.folds()) {
                List<LabelledRow> trainRows =
                        Sampling.atMost(data.in(fold.train()), maxSearchRows, seed + fold.index());
                List<LabelledRow> valRows = data.in(fold.validation());
                requireBothClasses(trainRows, "fold " + fold.index() + " training window " + fold.train());
                boolean[] constant =
                        constantFeatures(trainRows, data.featureNames().size());
                boolean[] labels = TribuoData.labels(valRows);
                foldLabels[fold.index()] = labels;
                for (int i = 0; i < imbalances.size(); i++) {
                    MutableDataset<Label> ds = TribuoData.dataset(
                            "fold " + fold.index() + " " + fold.train(),
                            data.featureNames(),
                            imbalances.get(i).apply(trainRows, seed));
                    for (int p = 0; p < points.size(); p++) {
                        Point point = points.get(p);
                        if (point.imbalance() != i) {
                            continue;
                        }
                        Optional<EarlyStopping> stopping = point.candidate().earlyStopping();
                        if (stopping.isPresent()) {
                            if (prepared[fold.index()][i][point.candidateIndex()] == null) {
                                prepared[fold.index()][i][point.candidateIndex()] =
                                        stopping.get().prepare(ds, data.featureNames(), valRows);
                            }
                            continue;
                        }
                        long start = System.nanoTime();
                        Model<Label> model = point.candidate()
                                .trainer(point.params(), data.featureNames(), constant, seed, threads)
                                .train(ds);
                        seconds[p] += (System.nanoTime() - start) / 1e9;
                        double[] scores = TribuoData.scores(model, data.featureNames(), valRows);
                        ap[p][fold.index()] =
                                valRows.isEmpty() ? Double.NaN : new RankedScores(scores, labels).averagePrecision();
                        if (fold.index() == folds - 1) {
                            lastScores[p] = scores;
                        }
                        log.info(
                                "fold {} {}: average precision {} ({} training rows, {} validation rows)",
                                fold.index(),
                                point.params(),
                                String.format("%.4f", ap[p][fold.index()]),
                                trainRows.size(),
                                valRows.size());
                        task.step();
                    }
                }
                if (fold.index() == folds - 1) {
                    lastRows = valRows;
                }
            }
            for (int p = 0; p < points.size(); p++) {
                Point point = points.get(p);
                Optional<EarlyStopping> stopping = point.candidate().earlyStopping();
                if (stopping.isPresent()) {
                    EarlyStopping.Prepared[] perFold = new EarlyStopping.Prepared[folds];
                    for (int f = 0; f < folds; f++) {
                        perFold[f] = prepared[f][point.imbalance()][point.candidateIndex()];
                    }
                    staged[p] = grow(stopping.get(), point.params(), perFold, foldLabels);
                    log.info("{}", staged[p]);
                    for (int f = 0; f < folds; f++) {
                        task.step();
                    }
                }
            }
        } finally {
            for (EarlyStopping.Prepared[][] f : prepared) {
                for (EarlyStopping.Prepared[] i : f) {
                    for (EarlyStopping.Prepared c : i) {
                        if (c != null) {
                            c.close();
                        }
                    }
                }
            }
        }
        List<Trial> trials = new ArrayList<>();
        Trial best = null;
        for (int p = 0; p < points.size(); p++) {
            Trial t = staged[p] != null
                    ? staged[p]
                    : new Trial(points.get(p).params(), ap[p], mean(ap[p]), seconds[p], lastScores[p]);
            trials.add(t);
            if (best == null
                    || (!Double.isNaN(t.meanAp()) && (Double.isNaN(best.meanAp()) || t.meanAp() > best.meanAp()))) {
                best = t;
            }
        }
        return new Result(trials, best, lastRows);
    }

    /**
     * Grows one fit per fold in step, scoring every fold every {@link EarlyStopping#EVALUATE_EVERY} rounds, until
     * the maximum or {@link EarlyStopping#patience()} rounds without a better mean average precision.
     */
    private Trial grow(EarlyStopping es, HyperParams point, EarlyStopping.Prepared[] folds, boolean[][] labels) {
        EarlyStopping.Growing[] fits = new EarlyStopping.Growing[folds.length];
        long start = System.nanoTime();
        try {
            for (int f = 0; f < folds.length; f++) {
                fits[f] = es.start(point, folds[f], seed, threads);
            }
            double best = Double.NaN;
            int bestRounds = 0;
            double[] bestAp = new double[folds.length];
            double[] bestLast = new double[0];
            int rounds = 0;
            StringBuilder curve = new StringBuilder();
            while (rounds < es.maxRounds()) {
                rounds = Math.min(es.maxRounds(), rounds + EarlyStopping.EVALUATE_EVERY);
                double[] apNow = new double[folds.length];
                double[] last = null;
                for (int f = 0; f < folds.length; f++) {
                    double[] scores = fits[f].growTo(rounds);
                    apNow[f] = scores.length == 0 ? Double.NaN : RankedScores.averagePrecision(scores, labels[f]);
                    last = scores;
                }
                double m = mean(apNow);
                curve.append(' ').append(rounds).append(':').append(String.format(Locale.ROOT, "%.4f", m));
                // NaN (no fraud in any validation window) never improves: the fits then grow to the maximum
                if (Double.isNaN(best) || m > best) {
                    best = m;
                    bestRounds = rounds;
                    bestAp = apNow;
                    bestLast = last;
                } else if (rounds - bestRounds >= es.patience()) {
                    break;
                }
            }
            log.info("{}: mean validation average precision by {}:{}", point, es.roundsParameter(), curve);
            Map<String, Number> values = new HashMap<>(point.values());
            values.put(es.roundsParameter(), bestRounds);
            return new Trial(
                    new HyperParams(point.candidate(), values),
                    bestAp,
                    best,
                    (System.nanoTime() - start) / 1e9,
                    bestLast,
                    Optional.of(new EarlyStop(es.roundsParameter(), bestRounds, rounds, es.maxRounds())));
        } finally {
            for (EarlyStopping.Growing fit : fits) {
                if (fit != null) {
                    fit.close();
                }
            }
        }
    }

    private List<Point> points() {
        List<Point> out = new ArrayList<>();
        for (int c = 0; c < candidates.size(); c++) {
            for (HyperParams g : candidates.get(c).grid()) {
                for (int i = 0; i < imbalances.size(); i++) {
                    HyperParams params = g;
                    if (imbalances.size() > 1) {
                        Map<String, Number> values = new HashMap<>(g.values());
                        values.put(FRAUD_WEIGHT, imbalances.get(i).fraudWeight());
                        params = new HyperParams(g.candidate(), values);
                    }
                    out.add(new Point(candidates.get(c), c, params, i));
                }
            }
        }
        return out;
    }

    /** The imbalance handling of a point of this search (its {@value #FRAUD_WEIGHT} when several are searched). */
    public Imbalance imbalanceFor(HyperParams params) {
        if (imbalances.size() == 1) {
            return imbalances.get(0);
        }
        Number w = params.values().get(FRAUD_WEIGHT);
        if (w == null) {
            throw new IllegalArgumentException(params + " has no " + FRAUD_WEIGHT + " (searched: " + imbalances + ")");
        }
        Imbalance first = imbalances.get(0);
        return new Imbalance(first.mode(), w.doubleValue(), first.legitPerFraud());
    }

    /** Trains {@code params} on {@code rows} (the whole training window). */
    public Model<Label> retrain(HyperParams params, List<String> featureNames, List<LabelledRow> rows) {
        return retrain(params, featureNames, rows, "training window", Map.of());
    }

    /**
     * Trains {@code params} on {@code rows}, the model carrying {@code lineage} as its instance provenance.
     *
     * @param description what the rows are (the description of the training dataset's provenance)
     * @param lineage     Tribuo instance provenance of the model ({@code Trainer.train(Dataset, Map)})
     */
    public Model<Label> retrain(
            HyperParams params,
            List<String> featureNames,
            List<LabelledRow> rows,
            String description,
            Map<String, Provenance> lineage) {
        requireBothClasses(rows, "the training window");
        try (Progress.Task task = progress.start("training " + params + " on " + rows.size() + " rows", 1)) {
            MutableDataset<Label> ds = TribuoData.dataset(
                    description, featureNames, imbalanceFor(params).apply(rows, seed));
            Model<Label> model = candidate(params)
                    .trainer(params, featureNames, constantFeatures(rows, featureNames.size()), seed, threads)
                    .train(ds, lineage);
            task.step();
            return model;
        }
    }

    private Candidate candidate(HyperParams p) {
        return candidates.stream()
                .filter(c -> c.name().equals(p.candidate()))
                .findFirst()
                .orElseThrow();
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
            throw new IllegalArgumentException(
                    what + " has " + rows.size() + " rows and " + fraud
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
