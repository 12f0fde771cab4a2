package io.fraudstream.trainer.backtest;

import io.fraudstream.features.FeatureSet;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.trainer.Progress;
import io.fraudstream.trainer.TrainerConfig;
import io.fraudstream.trainer.data.LabelJoin;
import io.fraudstream.trainer.data.LabelledData;
import io.fraudstream.trainer.data.LabelledRow;
import io.fraudstream.trainer.data.LoadStats;
import io.fraudstream.trainer.data.TimeWindow;
import io.fraudstream.trainer.eval.PrecisionAtK;
import io.fraudstream.trainer.eval.RankedScores;
import io.fraudstream.trainer.train.Candidate;
import io.fraudstream.trainer.train.HyperParams;
import io.fraudstream.trainer.train.Imbalance;
import io.fraudstream.trainer.train.ModelSearch;
import io.fraudstream.trainer.train.TimeSplit;
import io.fraudstream.trainer.train.TribuoData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * A back-test with rolling weekly folds, the protocol of the card-fraud literature (Le Borgne et al., "Reproducible
 * Machine Learning for Credit Card Fraud Detection"): for each of the last {@code folds} weeks of the history, a model
 * is trained on what was known when that week began — transactions up to a gap (the label delay, or the maturity if
 * longer) before it, labelled by the labels whose {@code labelTime} is before the week ({@link LabelJoin} as of the
 * week's start, with the trainer's maturity rule) — and tested on the week against the true outcome of every transaction. Two models per
 * fold, trained on the same rows:
 * <ul>
 *     <li>the trained model: the trainer's own search (its candidates, imbalance handling, inner time folds) on
 *     every feature, the winner retrained on the whole training window, as {@code ./fraudstream train} does;</li>
 *     <li>a baseline: logistic regression (the trainer's logistic candidate, searched the same way) on a few
 *     hand-picked features ({@link Settings#baselineFeatures()}).</li>
 * </ul>
 * Each is scored on ROC AUC, average precision, card precision top-k ({@link PrecisionAtK#cardPrecisionTopK}) and, per
 * fraud scenario, the recall among the top {@link Settings#topShare()} of the week's scores. Training starts after a
 * warm-up, so that windowed features are filled. Deterministic for a seed.
 */
public final class WeeklyBacktest {

    /** One transaction of the history with its truth. */
    public record Txn(String transactionId, String cardToken, long eventTimeMs, double[] features, String scenario) {
        public Txn {
            Objects.requireNonNull(transactionId, "transactionId");
            Objects.requireNonNull(cardToken, "cardToken");
            Objects.requireNonNull(features, "features");
        }

        /** True if the transaction is fraud (it belongs to a fraud scenario). */
        public boolean fraud() {
            return scenario != null;
        }
    }

    /**
     * How to back-test.
     *
     * @param folds            test weeks, the last of the history
     * @param test             length of a test period (a week)
     * @param gap              between the training data and the test period: the label delay
     * @param warmUp           left out at the start of the history (windowed features are not filled yet)
     * @param maturity         the trainer's maturity rule: younger transactions are left out, older unlabelled ones
     *                         count as legitimate
     * @param innerFolds       validation folds of the search inside each training window
     * @param innerValidation  length of each inner validation fold
     * @param candidates       the trained model's candidates
     * @param baseline         the baseline's candidate (logistic regression)
     * @param baselineFeatures the features the baseline sees
     * @param imbalance        imbalance handling of both
     * @param searchMaxRows    rows each search fold trains on at most
     * @param seed             seed
     * @param threads          training threads (0 = all)
     * @param cardsPerDay      k of card precision top-k
     * @param topShare         share of the highest scores in which per-scenario recall is measured
     */
    public record Settings(
            int folds,
            Duration test,
            Duration gap,
            Duration warmUp,
            Duration maturity,
            int innerFolds,
            Duration innerValidation,
            List<Candidate> candidates,
            Candidate baseline,
            List<String> baselineFeatures,
            Imbalance imbalance,
            int searchMaxRows,
            long seed,
            int threads,
            int cardsPerDay,
            double topShare) {
        public Settings {
            if (folds < 1) {
                throw new IllegalArgumentException("at least one test week is needed, was " + folds);
            }
            candidates = List.copyOf(candidates);
            baselineFeatures = List.copyOf(baselineFeatures);
        }

        /**
         * How long before a test week its training data ends: the gap, or the maturity if longer, since a transaction
         * younger than the maturity at the week's start is left out ({@link LabelJoin}) and its period would be empty.
         */
        public Duration trainingLag() {
            return gap.compareTo(maturity) >= 0 ? gap : maturity;
        }

        /**
         * Weekly folds with the trainer's configuration {@code cfg}: its candidates, imbalance handling, maturity,
         * inner folds, seed and threads; the baseline is its logistic regression grid.
         *
         * @param folds    test weeks
         * @param gap      the label delay
         * @param warmUp   history left out at the start
         * @param baseline the baseline's features
         */
        public static Settings of(TrainerConfig cfg, int folds, Duration gap, Duration warmUp, List<String> baseline) {
            return new Settings(
                    folds,
                    Duration.ofDays(7),
                    gap,
                    warmUp,
                    cfg.maturity(),
                    cfg.folds(),
                    cfg.foldValidation(),
                    cfg.candidates(),
                    cfg.logistic(),
                    baseline,
                    cfg.imbalance(),
                    cfg.searchMaxRows(),
                    cfg.seed(),
                    cfg.threads(),
                    cfg.cardsPerDay(),
                    0.01);
        }
    }

    /**
     * A fold's windows.
     *
     * @param index    0 for the earliest
     * @param training {@code [history start + warm-up, test start - the training lag)}: the gap, or the maturity if
     *                 longer ({@link Settings#trainingLag()})
     * @param test     the test week
     */
    public record FoldPlan(int index, TimeWindow training, TimeWindow test) {}

    /**
     * A model's figures on one test week.
     *
     * @param rocAuc           ROC AUC
     * @param averagePrecision average precision
     * @param cardPrecision    card precision top-k
     * @param scenarioRecall   per scenario with fraud in the week: its recall among the top share of scores
     * @param params           the hyperparameters the search chose
     */
    public record Scores(
            double rocAuc,
            double averagePrecision,
            double cardPrecision,
            Map<String, Double> scenarioRecall,
            String params) {}

    /**
     * One fold's outcome.
     *
     * @param plan          its windows
     * @param trainingRows  labelled training rows (immature ones left out)
     * @param trainingFraud of which fraud, by the labels known at the test start
     * @param testRows      transactions of the test week
     * @param testFraud     of which fraud (truth)
     * @param model         the trained model's figures
     * @param baseline      the baseline's figures
     * @param ablations     per ablation (a feature-name prefix): the trained model's figures without those features
     */
    public record Fold(
            FoldPlan plan,
            long trainingRows,
            long trainingFraud,
            long testRows,
            long testFraud,
            Scores model,
            Scores baseline,
            Map<String, Scores> ablations) {
        public Fold {
            ablations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ablations));
        }
    }

    /**
     * The baseline's features, as in the literature's textbook baseline: the amount, the card's transaction count and
     * mean amount over a day, a week and a month, and the terminal's transaction counts over the same windows.
     */
    public static final List<String> BASELINE_FEATURES = List.of(
            "amountBaseMinor",
            "cardTxnCount24h",
            "cardTxnCount7d",
            "cardTxnCount30d",
            "cardAmountMean24h",
            "cardAmountMean7d",
            "cardAmountMean30d",
            "terminalTxnCount1d",
            "terminalTxnCount7d",
            "terminalTxnCount30d");

    private final Settings settings;
    private final Progress progress;

    public WeeklyBacktest(Settings settings, Progress progress) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * The folds of a history spanning {@code history}: the last {@code folds} whole weeks, each trained on
     * everything after the warm-up up to the training lag ({@link Settings#trainingLag()}) before it.
     *
     * @throws IllegalArgumentException if the first fold would have no training window left, saying how long the
     *                                  history must be
     */
    public static List<FoldPlan> plan(TimeWindow history, Settings s) {
        List<FoldPlan> out = new ArrayList<>();
        Instant trainFrom = history.from().plus(s.warmUp());
        for (int i = 0; i < s.folds(); i++) {
            Instant testStart = history.to().minus(s.test().multipliedBy(s.folds() - i));
            Instant trainTo = testStart.minus(s.trainingLag());
            if (!trainTo.isAfter(trainFrom)) {
                throw new IllegalArgumentException("the history " + history + " is too short for " + s.folds()
                        + " test weeks: " + "it needs the warm-up " + s.warmUp() + ", training data, the gap "
                        + s.trainingLag() + " (the longer of the gap and the maturity) and the test weeks");
            }
            out.add(new FoldPlan(
                    i, new TimeWindow(trainFrom, trainTo), new TimeWindow(testStart, testStart.plus(s.test()))));
        }
        return out;
    }

    /** Runs every fold, without ablations. */
    public List<Fold> run(List<String> names, List<Txn> history, List<FraudLabel> labels, TimeWindow window) {
        return run(names, history, labels, window, List.of(), fold -> {});
    }

    /**
     * Runs every fold.
     *
     * @param names     the feature names, in the order of {@link Txn#features()}
     * @param history   the transactions (any order)
     * @param labels    every label received, with its {@code labelTime}
     * @param window    the history's event-time window
     * @param ablations feature-name prefixes: for each, the trained model is also searched and tested without the
     *                  features whose names start with it (missing-value indicators included), to measure what they add
     * @param done      told of each fold as it completes
     */
    public List<Fold> run(
            List<String> names,
            List<Txn> history,
            List<FraudLabel> labels,
            TimeWindow window,
            List<String> ablations,
            java.util.function.Consumer<Fold> done) {
        int[] baselineColumns = columns(names, settings.baselineFeatures());
        Map<String, int[]> ablationColumns = new LinkedHashMap<>();
        for (String prefix : ablations) {
            int[] kept = java.util.stream.IntStream.range(0, names.size())
                    .filter(i -> !names.get(i).startsWith(prefix))
                    .toArray();
            if (kept.length == names.size()) {
                throw new IllegalArgumentException("no feature starts with " + prefix + " (features: " + names + ")");
            }
            ablationColumns.put(prefix, kept);
        }
        List<Txn> sorted = new ArrayList<>(history);
        sorted.sort(Comparator.comparingLong(Txn::eventTimeMs).thenComparing(Txn::transactionId));
        List<Fold> out = new ArrayList<>();
        for (FoldPlan plan : plan(window, settings)) {
            LabelledData training = trainingData(plan, names, sorted, labels);
            List<Txn> test = sorted.stream()
                    .filter(t -> plan.test().contains(t.eventTimeMs()))
                    .toList();
            // the search's folds inside the training window: a split whose training part ends where the fold's does
            TimeSplit split = TimeSplit.plan(
                    new TimeWindow(
                            plan.training().from(),
                            plan.training().to().plus(settings.gap()).plus(settings.test())),
                    settings.test(),
                    settings.gap(),
                    settings.innerFolds(),
                    settings.innerValidation());
            Scores model = trainAndScore(settings.candidates(), training, split, test, null);
            Scores baseline = trainAndScore(
                    List.of(settings.baseline()), project(training, baselineColumns), split, test, baselineColumns);
            Map<String, Scores> ablated = new LinkedHashMap<>();
            for (Map.Entry<String, int[]> a : ablationColumns.entrySet()) {
                ablated.put(
                        a.getKey(),
                        trainAndScore(
                                settings.candidates(), project(training, a.getValue()), split, test, a.getValue()));
            }
            Fold fold = new Fold(
                    plan,
                    training.rows().size(),
                    training.fraudCount(),
                    test.size(),
                    test.stream().filter(Txn::fraud).count(),
                    model,
                    baseline,
                    ablated);
            out.add(fold);
            done.accept(fold);
        }
        return out;
    }

    /** The training window's transactions, labelled as the trainer would have labelled them at the test start. */
    LabelledData trainingData(FoldPlan plan, List<String> names, List<Txn> sorted, List<FraudLabel> labels) {
        LabelJoin join = new LabelJoin(settings.maturity(), plan.test().from(), true);
        labels.forEach(join::offer);
        List<LabelledRow> rows = new ArrayList<>();
        long immature = 0;
        long immatureLabelled = 0;
        long fraud = 0;
        for (Txn t : sorted) {
            if (!plan.training().contains(t.eventTimeMs())) {
                continue;
            }
            LabelJoin.Outcome outcome = join.classify(t.transactionId(), t.eventTimeMs());
            if (outcome.immature()) {
                immature++;
                immatureLabelled += outcome == LabelJoin.Outcome.IMMATURE_LABELLED ? 1 : 0;
                continue;
            }
            boolean isFraud = outcome == LabelJoin.Outcome.FRAUD;
            fraud += isFraud ? 1 : 0;
            rows.add(new LabelledRow(t.transactionId(), t.cardToken(), t.eventTimeMs(), isFraud, t.features()));
        }
        LoadStats stats = new LoadStats(
                "back-test fold " + plan.index() + ", labels as of "
                        + plan.test().from(),
                sorted.size(),
                sorted.size() - rows.size() - immature,
                0,
                0,
                immature,
                immatureLabelled,
                fraud,
                rows.size() - fraud,
                join.labelsOffered(),
                join.unknownVerdicts(),
                join.labelsAfterAsOf());
        return new LabelledData(FeatureSet.VERSION, names, rows, stats);
    }

    private Scores trainAndScore(
            List<Candidate> candidates, LabelledData training, TimeSplit split, List<Txn> test, int[] columns) {
        ModelSearch search = new ModelSearch(
                candidates,
                settings.imbalance(),
                settings.searchMaxRows(),
                settings.seed(),
                settings.threads(),
                progress);
        ModelSearch.Result result = search.search(training, split);
        HyperParams best = result.best().params();
        Model<Label> model = search.retrain(best, training.featureNames(), training.in(split.training()));
        List<LabelledRow> rows = test.stream()
                .map(t -> new LabelledRow(
                        t.transactionId(),
                        t.cardToken(),
                        t.eventTimeMs(),
                        t.fraud(),
                        columns == null ? t.features() : select(t.features(), columns)))
                .toList();
        double[] scores = TribuoData.scores(model, training.featureNames(), rows);
        return score(test, scores, settings.cardsPerDay(), settings.topShare(), best.toString());
    }

    /** The figures of {@code scores} (one per transaction of {@code test}, same order). */
    static Scores score(List<Txn> test, double[] scores, int k, double topShare, String params) {
        boolean[] fraud = new boolean[test.size()];
        String[] cards = new String[test.size()];
        long[] times = new long[test.size()];
        for (int i = 0; i < fraud.length; i++) {
            Txn t = test.get(i);
            fraud[i] = t.fraud();
            cards[i] = t.cardToken();
            times[i] = t.eventTimeMs();
        }
        RankedScores ranked = new RankedScores(scores, fraud);
        return new Scores(
                ranked.rocAuc(),
                ranked.averagePrecision(),
                PrecisionAtK.cardPrecisionTopK(cards, times, scores, fraud, k),
                scenarioRecall(test, scores, topShare),
                params);
    }

    /**
     * Per scenario: the share of its fraud among the {@code ceil(topShare * n)} highest scores (ties broken by the
     * order of {@code test}, which is deterministic).
     */
    static Map<String, Double> scenarioRecall(List<Txn> test, double[] scores, double topShare) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        int top = (int) Math.ceil(topShare * scores.length);
        Map<String, int[]> counts = new LinkedHashMap<>(); // scenario -> {caught, total}
        for (String s : new TreeSet<>(
                test.stream().filter(Txn::fraud).map(Txn::scenario).toList())) {
            counts.put(s, new int[2]);
        }
        for (int rank = 0; rank < order.length; rank++) {
            Txn t = test.get(order[rank]);
            if (t.fraud()) {
                int[] c = counts.get(t.scenario());
                c[1]++;
                if (rank < top) {
                    c[0]++;
                }
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        counts.forEach((s, c) -> out.put(s, (double) c[0] / c[1]));
        return out;
    }

    private static int[] columns(List<String> names, List<String> wanted) {
        int[] out = new int[wanted.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = names.indexOf(wanted.get(i));
            if (out[i] < 0) {
                throw new IllegalArgumentException(
                        "baseline feature " + wanted.get(i) + " is not a feature of " + names);
            }
        }
        return out;
    }

    private static double[] select(double[] values, int[] columns) {
        double[] out = new double[columns.length];
        for (int i = 0; i < columns.length; i++) {
            out[i] = values[columns[i]];
        }
        return out;
    }

    private static LabelledData project(LabelledData data, int[] columns) {
        List<String> names =
                Arrays.stream(columns).mapToObj(c -> data.featureNames().get(c)).toList();
        List<LabelledRow> rows = data.rows().stream()
                .map(r -> new LabelledRow(
                        r.transactionId(), r.cardToken(), r.eventTimeMs(), r.fraud(), select(r.features(), columns)))
                .toList();
        return new LabelledData(data.featureSetVersion(), names, rows, data.stats());
    }
}
