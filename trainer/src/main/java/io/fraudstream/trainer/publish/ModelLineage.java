package io.fraudstream.trainer.publish;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.BooleanProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DateTimeProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.trainer.data.KafkaHistoryReader;
import io.fraudstream.trainer.data.TimeWindow;
import io.fraudstream.trainer.train.EarlyStopping;
import io.fraudstream.trainer.train.TimeSplit;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.provenance.ModelProvenance;

/**
 * Where a trained model comes from, carried inside the model as typed Tribuo instance provenance
 * ({@link Trainer#train(org.tribuo.Dataset, Map)}, read back with
 * {@code model.getProvenance().getInstanceProvenance()}), and the {@link ModelRecord}'s provenance map derived from it
 * ({@link #recordProvenance(ModelProvenance)}), so the model and its record cannot disagree.
 *
 * <p>Only Tribuo's and OLCUT's own provenance types are used (strings, longs, booleans, date-times, lists and maps of
 * them): the scoring service deserializes the model with {@code Model.deserialize}, which instantiates provenance
 * classes by name, without the trainer on its classpath.
 *
 * <p>The entries ({@code *.from}/{@code *.to} are event-time instants, {@code *.ms} durations in milliseconds):
 * <ul>
 *     <li>{@value #FEATURE_SET_VERSION}, {@value #SOURCE} (what was read, as text), {@value #READS} (per topic read:
 *     {@value #TOPIC}, {@value #END_OFFSETS} per partition, {@value #RECORDS}, {@value #UNDECODABLE}; empty for a file);</li>
 *     <li>{@value #DATA_WINDOW}, {@value #TRAINING_WINDOW} (what the evaluated model was trained on),
 *     {@value #HOLDOUT_WINDOW}, {@value #FIT_WINDOW} (what this model was fitted on), each as {@code .from}/{@code .to};
 *     {@value #GAP_MS}, {@value #FOLDS}, {@value #MATURITY_MS};</li>
 *     <li>{@value #REFIT}, {@value #FINAL_FIT} (the {@link FinalFit} of this model and its reason);</li>
 *     <li>{@value #CANDIDATE}, {@value #IMBALANCE}, {@value #EARLY_STOPPING} (if the search stopped early),
 *     {@value #SEED}, {@value #THRESHOLD_RULE}, {@value ScoreScale#KEY}, {@value #DISTRIBUTION_BINS},
 *     {@value #TRAINER_VERSION}.</li>
 * </ul>
 * The Tribuo and Java versions are the model provenance's own.
 *
 * @param featureSetVersion the feature-set version of the rows
 * @param source            where the rows came from ({@link io.fraudstream.trainer.data.LoadStats#source()})
 * @param reads             the topics read, with their end offsets (empty when the rows came from a file)
 * @param split             the run's time split
 * @param fit               which rows this model is fitted on, and why
 * @param maturity          the label maturity
 * @param candidate         the winning candidate and its hyperparameters
 * @param imbalance         its class-imbalance handling
 * @param earlyStop         how early stopping chose its round count, if it did
 * @param seed              the seed
 * @param thresholdRule     the threshold rule
 * @param scale             the scale the model is served on
 * @param distributionBins  bins of the record's reference score distribution
 * @param trainerVersion    the trainer's version
 */
public record ModelLineage(
        String featureSetVersion,
        String source,
        List<KafkaHistoryReader.Result> reads,
        TimeSplit split,
        FinalFit fit,
        Duration maturity,
        String candidate,
        String imbalance,
        Optional<String> earlyStop,
        long seed,
        String thresholdRule,
        ScoreScale scale,
        int distributionBins,
        String trainerVersion) {

    static final String FEATURE_SET_VERSION = "feature.set.version";
    static final String SOURCE = "data.source";
    static final String READS = "data.reads";
    static final String TOPIC = "topic";
    static final String END_OFFSETS = "end.offsets";
    static final String RECORDS = "records";
    static final String UNDECODABLE = "undecodable";
    static final String DATA_WINDOW = "data.window";
    static final String TRAINING_WINDOW = "evaluated.training.window";
    static final String HOLDOUT_WINDOW = "holdout.window";
    static final String FIT_WINDOW = "final.fit.window";
    static final String GAP_MS = "gap.ms";
    static final String FOLDS = "folds";
    static final String MATURITY_MS = "label.maturity.ms";
    static final String REFIT = "final.fit.refit";
    static final String FINAL_FIT = "final.fit";
    static final String CANDIDATE = "candidate";
    static final String IMBALANCE = "imbalance";
    static final String EARLY_STOPPING = "early.stopping";
    static final String SEED = "seed";
    static final String THRESHOLD_RULE = "threshold.rule";
    static final String DISTRIBUTION_BINS = "score.distribution.bins";
    static final String TRAINER_VERSION = "trainer.version";
    private static final String FROM = ".from";
    private static final String TO = ".to";

    public ModelLineage {
        Objects.requireNonNull(featureSetVersion, "featureSetVersion");
        Objects.requireNonNull(source, "source");
        reads = List.copyOf(reads);
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(fit, "fit");
        Objects.requireNonNull(maturity, "maturity");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(imbalance, "imbalance");
        Objects.requireNonNull(earlyStop, "earlyStop");
        Objects.requireNonNull(thresholdRule, "thresholdRule");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(trainerVersion, "trainerVersion");
    }

    /** The same lineage for a model fitted as {@code other} says. */
    public ModelLineage withFit(FinalFit other) {
        return new ModelLineage(
                featureSetVersion,
                source,
                reads,
                split,
                other,
                maturity,
                candidate,
                imbalance,
                earlyStop,
                seed,
                thresholdRule,
                scale,
                distributionBins,
                trainerVersion);
    }

    /** What the model's training rows are, for the description of its Tribuo dataset provenance. */
    public String datasetDescription() {
        return "labelled transactions in " + fit.window() + ", feature set " + featureSetVersion + ", from " + source;
    }

    /** The instance provenance to train the model with ({@link Trainer#train(org.tribuo.Dataset, Map)}). */
    public Map<String, Provenance> instanceProvenance() {
        Map<String, Provenance> p = new LinkedHashMap<>();
        p.put(FEATURE_SET_VERSION, new StringProvenance(FEATURE_SET_VERSION, featureSetVersion));
        p.put(SOURCE, new StringProvenance(SOURCE, source));
        p.put(READS, new ListProvenance<>(reads.stream().map(ModelLineage::read).toList()));
        window(p, DATA_WINDOW, split.window());
        window(p, TRAINING_WINDOW, split.training());
        window(p, HOLDOUT_WINDOW, split.holdout());
        window(p, FIT_WINDOW, fit.window());
        p.put(GAP_MS, new LongProvenance(GAP_MS, split.gap().toMillis()));
        p.put(FOLDS, new StringProvenance(FOLDS, split.folds().toString()));
        p.put(MATURITY_MS, new LongProvenance(MATURITY_MS, maturity.toMillis()));
        p.put(REFIT, new BooleanProvenance(REFIT, fit.refit()));
        p.put(FINAL_FIT, new StringProvenance(FINAL_FIT, fit.reason()));
        p.put(CANDIDATE, new StringProvenance(CANDIDATE, candidate));
        p.put(IMBALANCE, new StringProvenance(IMBALANCE, imbalance));
        earlyStop.ifPresent(e -> p.put(EARLY_STOPPING, new StringProvenance(EARLY_STOPPING, e)));
        p.put(SEED, new LongProvenance(SEED, seed));
        p.put(THRESHOLD_RULE, new StringProvenance(THRESHOLD_RULE, thresholdRule));
        p.put(ScoreScale.KEY, new StringProvenance(ScoreScale.KEY, scale.name()));
        p.put(DISTRIBUTION_BINS, new IntProvenance(DISTRIBUTION_BINS, distributionBins));
        p.put(TRAINER_VERSION, new StringProvenance(TRAINER_VERSION, trainerVersion));
        return p;
    }

    private static MapProvenance<Provenance> read(KafkaHistoryReader.Result r) {
        Map<String, LongProvenance> offsets = new LinkedHashMap<>();
        r.endOffsets().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> offsets.put(Integer.toString(e.getKey()), new LongProvenance(END_OFFSETS, e.getValue())));
        Map<String, Provenance> m = new LinkedHashMap<>();
        m.put(TOPIC, new StringProvenance(TOPIC, r.topic()));
        m.put(END_OFFSETS, new MapProvenance<>(offsets));
        m.put(RECORDS, new LongProvenance(RECORDS, r.records()));
        m.put(UNDECODABLE, new LongProvenance(UNDECODABLE, r.undecodable()));
        return new MapProvenance<>(m);
    }

    private static void window(Map<String, Provenance> p, String key, TimeWindow w) {
        p.put(key + FROM, new DateTimeProvenance(key + FROM, w.from().atOffset(ZoneOffset.UTC)));
        p.put(key + TO, new DateTimeProvenance(key + TO, w.to().atOffset(ZoneOffset.UTC)));
    }

    /** {@link #recordProvenance(ModelProvenance)} of {@code model}'s provenance. */
    public static Map<String, String> recordProvenance(Model<?> model) {
        return recordProvenance(model.getProvenance());
    }

    /**
     * The {@link ModelRecord#getProvenance() provenance map} of the record publishing a model with this provenance:
     * the lineage as text, with what the record's other fields mean (the metrics, thresholds, calibration, score and
     * reference distribution), the Tribuo and Java versions the model was trained with.
     *
     * @throws IllegalArgumentException if the model carries no lineage (it was not trained with
     *                                  {@link #instanceProvenance()})
     */
    public static Map<String, String> recordProvenance(ModelProvenance model) {
        Entries in = new Entries(model.getInstanceProvenance().getMap());
        String scale = in.string(ScoreScale.KEY);
        String candidate = in.string(CANDIDATE);
        TimeWindow training = in.window(TRAINING_WINDOW);
        TimeWindow holdout = in.window(HOLDOUT_WINDOW);
        TimeWindow fit = in.window(FIT_WINDOW);
        Map<String, String> out = new LinkedHashMap<>();
        out.put(ScoreScale.KEY, scale);
        out.put(SOURCE, in.string(SOURCE));
        out.put(DATA_WINDOW, in.window(DATA_WINDOW).toString());
        out.put(HOLDOUT_WINDOW, holdout.toString());
        out.put("gap", Duration.ofMillis(in.longValue(GAP_MS)).toString());
        out.put(FOLDS, in.string(FOLDS));
        out.put(TRAINING_WINDOW, training.toString());
        out.put(FIT_WINDOW, fit.toString());
        out.put(FINAL_FIT, in.string(FINAL_FIT));
        out.put(
                "metrics",
                "holdout " + holdout + " figures of " + candidate + " trained on " + training
                        + (in.bool(REFIT)
                                ? "; the published model is that candidate refit on " + fit
                                        + ", which includes the holdout, and has no held-out figures of its own"
                                : ""));
        out.put("label.maturity", Duration.ofMillis(in.longValue(MATURITY_MS)).toString());
        out.put(CANDIDATE, candidate);
        out.put(IMBALANCE, in.string(IMBALANCE));
        in.optionalString(EARLY_STOPPING)
                .ifPresent(e -> out.put(
                        EARLY_STOPPING,
                        e + ", every " + EarlyStopping.EVALUATE_EVERY
                                + " trees, mean average precision over the search folds"));
        out.put(SEED, Long.toString(in.longValue(SEED)));
        out.put(
                THRESHOLD_RULE,
                in.string(THRESHOLD_RULE) + ", on raw scores of the last validation fold "
                        + "(threshold_review_raw, threshold_decline_raw); reviewThreshold and declineThreshold are those mapped to "
                        + ScoreScale.KEY + "=" + scale);
        out.put(
                "calibration",
                "platt on logit(score), score clamped to [1e-9, 1-1e-9], fitted on the last validation fold: "
                        + "p = 1/(1+exp(-(a*logit(s)+b))); served when " + ScoreScale.KEY + "=" + ScoreScale.PLATT
                        + "; reason codes explain the raw score");
        out.put(
                "score",
                "Tribuo output score of label FRAUD; examples: "
                        + "ArrayExample(FeatureVector.featureNames(), FeatureVector.of(record).values())");
        out.put(
                "scoreDistribution",
                in.intValue(DISTRIBUTION_BINS) + " equal-width bins over [0,1], holdout scores of the "
                        + "evaluated model, on the " + ScoreScale.KEY + " scale");
        out.put("tribuo.version", model.getTribuoVersion());
        out.put("java.version", model.getJavaVersion());
        out.put(TRAINER_VERSION, in.string(TRAINER_VERSION));
        return out;
    }

    /** Typed reads of the instance provenance. */
    private record Entries(Map<String, ? extends Provenance> map) {

        Object value(String key) {
            Provenance p = map.get(key);
            if (!(p instanceof PrimitiveProvenance<?> primitive)) {
                throw new IllegalArgumentException("the model's provenance has no " + key + " (" + p + "): it was not "
                        + "trained with a " + ModelLineage.class.getSimpleName());
            }
            return primitive.getValue();
        }

        String string(String key) {
            return (String) value(key);
        }

        Optional<String> optionalString(String key) {
            return map.containsKey(key) ? Optional.of(string(key)) : Optional.empty();
        }

        long longValue(String key) {
            return (Long) value(key);
        }

        int intValue(String key) {
            return (Integer) value(key);
        }

        boolean bool(String key) {
            return (Boolean) value(key);
        }

        Instant instant(String key) {
            return ((java.time.OffsetDateTime) value(key)).toInstant();
        }

        TimeWindow window(String key) {
            return new TimeWindow(instant(key + FROM), instant(key + TO));
        }
    }
}
