package io.fraudstream.models;

import io.fraudstream.schemas.avro.ReasonCode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostModel;

/**
 * Scores a Tribuo XGBoost classifier without Tribuo's per-call {@code predict(Example)} (which allocates a native
 * matrix freed only by GC and goes through a synchronized booster). Rows are dense (columns from the model's feature
 * id map, NaN = missing). Scores come from a {@link TreeEnsemble}, the booster's trees walked in Java (several times
 * faster than through JNI: the README's benchmark table, {@code TreeWalkBenchmark}), after a check at load that it
 * agrees with XGBoost's own predictor; a model
 * it cannot read, or that fails the check, is scored by XGBoost: each scoring thread gets its own copy of the booster
 * ({@code nthread=1}), built on first use from the model's bytes, and each call builds a one-row {@link DMatrix} and
 * disposes it in {@code finally}.
 *
 * <p>Reason codes are XGBoost's exact per-feature contributions (TreeSHAP, {@code predictContrib}) to the margin of
 * the fraud label minus that of the other label. They cost far more than a score, so {@link #reasonsAreCheap()} is
 * false and the scoring processor computes them only for alerted (REVIEW/DECLINE) events.
 *
 * <p>{@link #close()} disposes every copy; a call racing with it gets {@link Scorer.RetiredException} (each copy is
 * used under its own, uncontended, lock).
 */
final class XGBoostScorer implements Scorer {

    private final List<String> names;
    private final int[] column; // feature-vector index -> DMatrix column, -1 if unknown to the model
    private final int columns;
    private final int fraud;
    private final int labels;
    private final byte[] boosterBytes;
    private final TreeEnsemble ensemble; // null: score through XGBoost
    private final Map<Thread, Copy> copies = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param treeWalk false scores through XGBoost's predictor even when the tree walk could read the model (the
     *                 benchmark's comparison); {@link #tryCreate} passes true
     */
    XGBoostScorer(List<String> names, XGBoostModel<Label> model, Label fraudLabel, boolean treeWalk)
            throws XGBoostError {
        this.names = names;
        ImmutableFeatureMap features = model.getFeatureIDMap();
        columns = features.size();
        column = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            column[i] = features.getID(names.get(i));
        }
        fraud = model.getOutputIDInfo().getID(fraudLabel);
        labels = model.getOutputIDInfo().size();
        Booster booster = model.getInnerModels().get(0);
        boosterBytes = booster.toByteArray();
        ensemble = treeWalk
                ? TreeEnsemble.parse(booster.toByteArray("json"))
                        .filter(e -> agrees(e, booster))
                        .orElse(null)
                : null;
    }

    /**
     * Whether {@code ensemble} gives XGBoost's own probabilities for a few rows that take different paths (all
     * missing, zeros, ones, minus ones, large values), to within float rounding.
     */
    private boolean agrees(TreeEnsemble ensemble, Booster booster) {
        if (!ensemble.fits(columns)) {
            return false;
        }
        for (float v : new float[] {Float.NaN, 0f, 1f, -1f, 1e6f}) {
            float[] row = new float[columns];
            java.util.Arrays.fill(row, v);
            try {
                DMatrix m = new DMatrix(row, 1, columns, Float.NaN);
                try {
                    float[] p = booster.predict(m)[0];
                    double[] q = ensemble.probabilities(row);
                    if (p.length != q.length) {
                        return false;
                    }
                    for (int k = 0; k < p.length; k++) {
                        if (Math.abs(p[k] - q[k]) > 1e-5) {
                            return false;
                        }
                    }
                } finally {
                    m.dispose();
                }
            } catch (XGBoostError e) {
                return false;
            }
        }
        return true;
    }

    /** A scorer for {@code model} if it is a single-booster XGBoost classifier, else null. */
    @SuppressWarnings("unchecked")
    static XGBoostScorer tryCreate(Model<Label> model, List<String> names, Label fraudLabel) {
        if (!(model instanceof XGBoostModel<?> xgb) || xgb.getInnerModels().size() != 1) {
            return null;
        }
        try {
            return new XGBoostScorer(names, (XGBoostModel<Label>) xgb, fraudLabel, true);
        } catch (XGBoostError e) {
            throw new IllegalArgumentException("cannot copy the XGBoost booster: " + e.getMessage(), e);
        }
    }

    @Override
    public double score(double[] values) {
        if (ensemble != null) {
            if (closed) {
                throw new RetiredException("model retired");
            }
            double[] p = ensemble.probabilities(dense(values));
            return p.length == labels ? p[fraud] : p[0];
        }
        Copy copy = copy();
        synchronized (copy) {
            copy.checkOpen();
            DMatrix row = row(values);
            try {
                float[][] p = copy.booster.predict(row);
                return p[0].length == labels ? p[0][fraud] : p[0][0];
            } catch (XGBoostError e) {
                throw new IllegalStateException("XGBoost prediction failed: " + e.getMessage(), e);
            } finally {
                row.dispose();
            }
        }
    }

    @Override
    public List<ReasonCode> reasons(double[] values, int top) {
        Copy copy = copy();
        float[] raw;
        synchronized (copy) {
            copy.checkOpen();
            DMatrix row = row(values);
            try {
                raw = copy.booster.predictContrib(row, 0)[0];
            } catch (XGBoostError e) {
                throw new IllegalStateException("XGBoost contributions failed: " + e.getMessage(), e);
            } finally {
                row.dispose();
            }
        }
        int stride = columns + 1; // one block per label: a contribution per column, then the bias
        boolean perLabel = raw.length == stride * labels && labels > 1;
        double[] contributions = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            int c = column[i];
            if (c < 0) {
                continue;
            }
            if (!perLabel) {
                contributions[i] = raw[c];
                continue;
            }
            double others = 0;
            for (int k = 0; k < labels; k++) {
                if (k != fraud) {
                    others += raw[k * stride + c];
                }
            }
            contributions[i] = raw[fraud * stride + c] - others / (labels - 1);
        }
        return Contributions.top(names, values, contributions, top);
    }

    @Override
    public boolean reasonsAreCheap() {
        return false;
    }

    @Override
    public String kind() {
        return "xgboost";
    }

    /** Whether scores come from the Java tree walk ({@link TreeEnsemble}) rather than XGBoost's predictor. */
    boolean scoresInJava() {
        return ensemble != null;
    }

    @Override
    public void close() {
        closed = true;
        for (Copy copy : copies.values()) {
            synchronized (copy) {
                copy.dispose();
            }
        }
        copies.clear();
    }

    private Copy copy() {
        if (closed) {
            throw new RetiredException("model retired");
        }
        Copy copy = copies.computeIfAbsent(Thread.currentThread(), t -> new Copy(load()));
        if (closed) { // closed while we created it: do not leak it
            synchronized (copy) {
                copy.dispose();
            }
            throw new RetiredException("model retired");
        }
        return copy;
    }

    private Booster load() {
        try {
            Booster b = XGBoost.loadModel(boosterBytes);
            b.setParam("nthread", 1);
            return b;
        } catch (XGBoostError | IOException e) {
            throw new IllegalStateException("cannot load a copy of the XGBoost booster: " + e.getMessage(), e);
        }
    }

    /** {@code values} in the model's columns, NaN for the columns the vector does not fill. */
    private float[] dense(double[] values) {
        float[] dense = new float[columns];
        java.util.Arrays.fill(dense, Float.NaN);
        for (int i = 0; i < values.length; i++) {
            int c = column[i];
            if (c >= 0) {
                dense[c] = (float) values[i];
            }
        }
        return dense;
    }

    private DMatrix row(double[] values) {
        try {
            return new DMatrix(dense(values), 1, columns, Float.NaN);
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot build the XGBoost row: " + e.getMessage(), e);
        }
    }

    /** One thread's booster. */
    private static final class Copy {
        private final Booster booster;
        private boolean disposed;

        Copy(Booster booster) {
            this.booster = booster;
        }

        void checkOpen() {
            if (disposed) {
                throw new RetiredException("model retired");
            }
        }

        void dispose() {
            if (!disposed) {
                disposed = true;
                booster.dispose();
            }
        }
    }
}
