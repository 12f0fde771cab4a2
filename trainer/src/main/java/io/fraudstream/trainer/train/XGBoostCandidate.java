package io.fraudstream.trainer.train;

import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gradient-boosted trees (XGBoost through {@code tribuo-classification-xgboost}) with the {@code hist} tree method
 * (XGBoost would otherwise pick the exact method, about 20 times slower on a million rows). Class imbalance is
 * handled by example weights ({@code scale_pos_weight} does not apply to Tribuo's two-class softprob objective).
 * Grid: trees x depth x learning rate (eta); row and column subsampling 0.8, seeded.
 */
public final class XGBoostCandidate implements Candidate {

    private final List<Integer> trees;
    private final List<Integer> depths;
    private final List<Double> etas;

    public XGBoostCandidate(List<Integer> trees, List<Integer> depths, List<Double> etas) {
        this.trees = List.copyOf(trees);
        this.depths = List.copyOf(depths);
        this.etas = List.copyOf(etas);
    }

    @Override
    public String name() {
        return "xgboost";
    }

    @Override
    public List<HyperParams> grid() {
        List<HyperParams> out = new ArrayList<>();
        for (int t : trees) {
            for (int d : depths) {
                for (double eta : etas) {
                    out.add(new HyperParams(name(), Map.of("trees", t, "maxDepth", d, "eta", eta)));
                }
            }
        }
        return out;
    }

    @Override
    public Trainer<Label> trainer(HyperParams p, List<String> featureNames, boolean[] constant, long seed, int threads) {
        return new XGBoostClassificationTrainer(XGBoostTrainer.BoosterType.GBTREE, XGBoostTrainer.TreeMethod.HIST,
                p.getInt("trees"), p.get("eta"), 0.0, p.getInt("maxDepth"), 1.0, 0.8, 0.8, 1.0, 0.0,
                Math.max(1, threads), XGBoostTrainer.LoggingVerbosity.SILENT, seed);
    }
}
