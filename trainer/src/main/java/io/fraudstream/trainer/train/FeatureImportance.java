package io.fraudstream.trainer.train;

import com.oracle.labs.mlrg.olcut.util.Pair;
import io.fraudstream.models.ModelContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostFeatureImportance;
import org.tribuo.common.xgboost.XGBoostModel;

/**
 * A trained model's most important features, for the report.
 *
 * <ul>
 *     <li>Boosted trees: XGBoost's gain, the mean loss reduction of the splits on the feature. Not the number of
 *     splits (Tribuo's {@code getTopFeatures}, XGBoost's "weight"), which favours continuous features with many
 *     possible cut points over a binary feature used once near the root with a large gain.</li>
 *     <li>Other models (the logistic regression): Tribuo's top features, the weights on standardised features
 *     for label {@code FRAUD}, without the intercept.</li>
 * </ul>
 */
public final class FeatureImportance {

    private FeatureImportance() {}

    /** The {@code n} most important features of {@code model}, most important first. */
    public static List<Map.Entry<String, Double>> top(Model<Label> model, int n) {
        List<Map.Entry<String, Double>> out = new ArrayList<>();
        if (model instanceof XGBoostModel<Label> boosted) {
            // a classification model has a single booster (Tribuo trains multi-class softprob)
            XGBoostFeatureImportance importance = boosted.getFeatureImportance().get(0);
            importance.getGain(n).forEach((name, gain) -> out.add(Map.entry(name, gain)));
            return out;
        }
        Map<String, List<Pair<String, Double>>> top = model.getTopFeatures(n + 1); // + 1: the intercept
        List<Pair<String, Double>> list = top.getOrDefault(
                ModelContract.FRAUD.getLabel(),
                top.isEmpty() ? List.of() : top.values().iterator().next());
        for (Pair<String, Double> p : list) {
            if (!"BIAS".equals(p.getA()) && out.size() < n) { // the linear model's intercept is not a feature
                out.add(Map.entry(p.getA(), p.getB()));
            }
        }
        return out;
    }
}
