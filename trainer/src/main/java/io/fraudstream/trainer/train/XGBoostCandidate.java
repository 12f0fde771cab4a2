package io.fraudstream.trainer.train;

import io.fraudstream.models.ModelContract;
import io.fraudstream.trainer.data.LabelledRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.impl.ArrayExample;

/**
 * Gradient-boosted trees (XGBoost through {@code tribuo-classification-xgboost}) with the {@code hist} tree method
 * (XGBoost would otherwise pick the exact method, much slower on large data: the README's trainer section has the
 * figure). Class imbalance is handled by example weights ({@code scale_pos_weight} does not apply to Tribuo's two-class
 * softprob objective). Row and column subsampling 0.8, seeded.
 *
 * <p>Grid: depth x learning rate (eta) x minimum child weight (the least hessian-weighted row count a leaf needs:
 * larger values stop trees isolating a handful of heavily weighted fraud rows), and the number of trees, either
 * chosen on validation by {@link EarlyStopping} (up to {@code maxTrees}, see {@link #earlyStopping}) or a fixed grid
 * dimension ({@link #fixed}).
 *
 * <p>The search's fits ({@link #start}) drive XGBoost directly so that they can be scored after every few rounds: the
 * same parameters ({@link #parameters}) and the same matrix Tribuo builds (its feature and label ids, example
 * weights), so a Tribuo model of {@code n} trees scores as the search fit did at {@code n} rounds.
 */
public final class XGBoostCandidate implements Candidate, EarlyStopping {

    private final List<Integer> trees; // fixed grid; empty with early stopping
    private final int maxTrees; // early stopping; 0 without
    private final int patience;
    private final List<Integer> depths;
    private final List<Double> etas;
    private final List<Double> minChildWeights;

    private XGBoostCandidate(
            List<Integer> trees,
            int maxTrees,
            int patience,
            List<Integer> depths,
            List<Double> etas,
            List<Double> minChildWeights) {
        this.trees = List.copyOf(trees);
        this.maxTrees = maxTrees;
        this.patience = patience;
        this.depths = nonEmpty(depths, "depths");
        this.etas = nonEmpty(etas, "etas");
        this.minChildWeights = nonEmpty(minChildWeights, "minimum child weights");
    }

    /** A fixed grid of tree counts (no early stopping), minimum child weight 1. */
    public XGBoostCandidate(List<Integer> trees, List<Integer> depths, List<Double> etas) {
        this(nonEmpty(trees, "trees"), 0, 0, depths, etas, List.of(1.0));
    }

    /** A fixed grid: every point is fitted with each of {@code trees}. */
    public static XGBoostCandidate fixed(
            List<Integer> trees, List<Integer> depths, List<Double> etas, List<Double> minChildWeights) {
        return new XGBoostCandidate(nonEmpty(trees, "trees"), 0, 0, depths, etas, minChildWeights);
    }

    /**
     * The tree count chosen on validation: each point is fitted once per fold with up to {@code maxTrees} trees,
     * growth stopping {@code patience} rounds after the best mean validation average precision.
     */
    public static XGBoostCandidate earlyStopping(
            int maxTrees, int patience, List<Integer> depths, List<Double> etas, List<Double> minChildWeights) {
        if (maxTrees < 1 || patience < 1) {
            throw new IllegalArgumentException(
                    "max trees and patience must be positive, were " + maxTrees + " and " + patience);
        }
        return new XGBoostCandidate(List.of(), maxTrees, patience, depths, etas, minChildWeights);
    }

    @Override
    public String name() {
        return "xgboost";
    }

    /** True if the tree count is chosen on validation. */
    public boolean stopsEarly() {
        return maxTrees > 0;
    }

    @Override
    public Optional<EarlyStopping> earlyStopping() {
        return stopsEarly() ? Optional.of(this) : Optional.empty();
    }

    @Override
    public List<HyperParams> grid() {
        List<HyperParams> out = new ArrayList<>();
        for (int t : stopsEarly() ? List.of(0) : trees) {
            for (int d : depths) {
                for (double eta : etas) {
                    for (double mcw : minChildWeights) {
                        Map<String, Number> v = new HashMap<>(Map.of("maxDepth", d, "eta", eta, "minChildWeight", mcw));
                        if (!stopsEarly()) {
                            v.put("trees", t);
                        }
                        out.add(new HyperParams(name(), v));
                    }
                }
            }
        }
        return out;
    }

    @Override
    public Trainer<Label> trainer(
            HyperParams p, List<String> featureNames, boolean[] constant, long seed, int threads) {
        return new XGBoostClassificationTrainer(
                XGBoostTrainer.BoosterType.GBTREE,
                XGBoostTrainer.TreeMethod.HIST,
                p.getInt("trees"),
                p.get("eta"),
                0.0,
                p.getInt("maxDepth"),
                minChildWeight(p),
                0.8,
                0.8,
                1.0,
                0.0,
                Math.max(1, threads),
                XGBoostTrainer.LoggingVerbosity.SILENT,
                seed);
    }

    private static double minChildWeight(HyperParams p) {
        Number v = p.values().get("minChildWeight");
        return v == null ? 1.0 : v.doubleValue();
    }

    /**
     * The XGBoost parameters the Tribuo trainer of {@link #trainer} passes to {@code XGBoost.train}: its constructor
     * arguments under XGBoost's names, plus the softprob objective and the class count it adds when training.
     */
    static Map<String, Object> parameters(HyperParams p, long seed, int threads, int classes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eta", p.get("eta"));
        m.put("gamma", 0.0);
        m.put("max_depth", p.getInt("maxDepth"));
        m.put("min_child_weight", minChildWeight(p));
        m.put("subsample", 0.8);
        m.put("colsample_bytree", 0.8);
        m.put("lambda", 1.0);
        m.put("alpha", 0.0);
        m.put("nthread", Math.max(1, threads));
        m.put("seed", seed);
        m.put("verbosity", XGBoostTrainer.LoggingVerbosity.SILENT.value);
        m.put("booster", XGBoostTrainer.BoosterType.GBTREE.paramName);
        m.put("tree_method", XGBoostTrainer.TreeMethod.HIST.paramName);
        m.put("objective", "multi:softprob");
        m.put("num_class", classes);
        return m;
    }

    @Override
    public String roundsParameter() {
        return "trees";
    }

    @Override
    public int maxRounds() {
        return maxTrees;
    }

    @Override
    public int patience() {
        return patience;
    }

    @Override
    public Prepared prepare(MutableDataset<Label> training, List<String> featureNames, List<LabelledRow> validation) {
        ImmutableFeatureMap features = training.getFeatureIDMap();
        ImmutableOutputInfo<Label> outputs = training.getOutputIDInfo();
        Matrix train = null;
        try {
            train = Matrix.of(training, features, outputs);
            String[] names = featureNames.toArray(String[]::new);
            List<Example<Label>> val = new ArrayList<>(validation.size());
            for (LabelledRow r : validation) {
                val.add(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, r.features()));
            }
            DMatrix valMatrix = val.isEmpty() ? null : Matrix.of(val, features, null).matrix;
            return new Fold(train.matrix, valMatrix, outputs.size(), outputs.getID(ModelContract.FRAUD));
        } catch (XGBoostError e) {
            if (train != null) {
                train.matrix.dispose();
            }
            throw new IllegalStateException("cannot build the XGBoost matrices: " + e.getMessage(), e);
        }
    }

    @Override
    public Growing start(HyperParams point, Prepared prepared, long seed, int threads) {
        Fold fold = (Fold) prepared;
        try {
            // zero rounds: a booster with both matrices in its prediction cache, grown round by round below as
            // XGBoost.train would (Booster.update(train, iteration) from iteration 0)
            Booster booster = XGBoost.train(
                    fold.train,
                    parameters(point, seed, threads, fold.classes),
                    0,
                    fold.validation == null ? Map.of() : Map.of("validation", fold.validation),
                    null,
                    null);
            return new Fit(booster, fold);
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot start XGBoost: " + e.getMessage(), e);
        }
    }

    private static <T> List<T> nonEmpty(List<T> values, String what) {
        Objects.requireNonNull(values, what);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no " + what + " to search");
        }
        return List.copyOf(values);
    }

    /** A fold's training and validation matrices (native memory, freed by {@link #close()}); no validation matrix without rows. */
    private record Fold(DMatrix train, DMatrix validation, int classes, int fraudColumn) implements Prepared {
        @Override
        public void close() {
            train.dispose();
            if (validation != null) {
                validation.dispose();
            }
        }
    }

    /** A booster growing on a fold; predictions on the cached validation matrix only add the new trees. */
    private static final class Fit implements Growing {
        private final Booster booster;
        private final Fold fold;
        private int rounds;

        Fit(Booster booster, Fold fold) {
            this.booster = booster;
            this.fold = fold;
        }

        @Override
        public double[] growTo(int target) {
            try {
                for (; rounds < target; rounds++) {
                    booster.update(fold.train, rounds);
                }
                if (fold.validation == null) {
                    return new double[0];
                }
                float[][] p = booster.predict(fold.validation);
                double[] scores = new double[p.length];
                for (int i = 0; i < p.length; i++) {
                    scores[i] = p[i][fold.fraudColumn];
                }
                return scores;
            } catch (XGBoostError e) {
                throw new IllegalStateException("XGBoost failed at round " + rounds + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            booster.dispose();
        }
    }

    /**
     * Examples as the sparse rows Tribuo's XGBoost trainer builds: each feature the map knows at its id (ids
     * increasing within a row), labels as output ids, example weights.
     */
    private record Matrix(DMatrix matrix) {
        static Matrix of(
                Iterable<Example<Label>> examples, ImmutableFeatureMap features, ImmutableOutputInfo<Label> outputs)
                throws XGBoostError {
            LongList headers = new LongList();
            IntList indices = new IntList();
            FloatList data = new FloatList();
            FloatList labels = new FloatList();
            FloatList weights = new FloatList();
            headers.add(0);
            int[] ids = new int[16];
            float[] values = new float[16];
            for (Example<Label> ex : examples) {
                int n = 0;
                for (Feature f : ex) {
                    int id = features.getID(f.getName());
                    if (id < 0) {
                        continue;
                    }
                    if (n == ids.length) {
                        ids = Arrays.copyOf(ids, n * 2);
                        values = Arrays.copyOf(values, n * 2);
                    }
                    ids[n] = id;
                    values[n] = (float) f.getValue();
                    n++;
                }
                sortById(ids, values, n);
                for (int k = 0; k < n; k++) {
                    indices.add(ids[k]);
                    data.add(values[k]);
                }
                headers.add(indices.size);
                if (outputs != null) {
                    labels.add(outputs.getID(ex.getOutput()));
                    weights.add(ex.getWeight());
                }
            }
            DMatrix m = new DMatrix(
                    headers.toArray(), indices.toArray(), data.toArray(), DMatrix.SparseType.CSR, features.size());
            if (outputs != null) {
                m.setLabel(labels.toArray());
                m.setWeight(weights.toArray());
            }
            return new Matrix(m);
        }

        /** Insertion sort by id (rows arrive sorted by feature name, which is usually the id order already). */
        private static void sortById(int[] ids, float[] values, int n) {
            for (int i = 1; i < n; i++) {
                int id = ids[i];
                float v = values[i];
                int j = i - 1;
                while (j >= 0 && ids[j] > id) {
                    ids[j + 1] = ids[j];
                    values[j + 1] = values[j];
                    j--;
                }
                ids[j + 1] = id;
                values[j + 1] = v;
            }
        }
    }

    private static final class LongList {
        long[] a = new long[1024];
        int size;

        void add(long v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, size * 2);
            }
            a[size++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }

    private static final class IntList {
        int[] a = new int[1024];
        int size;

        void add(int v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, size * 2);
            }
            a[size++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }

    private static final class FloatList {
        float[] a = new float[1024];
        int size;

        void add(float v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, size * 2);
            }
            a[size++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }
}
