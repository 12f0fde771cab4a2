package io.fraudstream.trainer;

import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.runtime.config.Validators;
import io.fraudstream.trainer.eval.ThresholdRule;
import io.fraudstream.trainer.train.Candidate;
import io.fraudstream.trainer.train.Imbalance;
import io.fraudstream.trainer.train.LogisticCandidate;
import io.fraudstream.trainer.train.XGBoostCandidate;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The trainer's configuration: the shared service keys plus {@code trainer.*} and {@value #SIGNING_KEY}, declared
 * once in {@link #definition()} and parsed once into typed fields.
 */
public final class TrainerConfig extends RuntimeConfig {

    public static final String WINDOW_FROM = "trainer.window.from";
    public static final String WINDOW_TO = "trainer.window.to";
    public static final String WINDOW_LAST_DAYS = "trainer.window.last.days";
    public static final String AS_OF = "trainer.as.of";
    public static final String MATURITY_MS = "trainer.label.maturity.ms";
    public static final String GAP_MS = "trainer.gap.ms";
    public static final String HOLDOUT_MS = "trainer.holdout.ms";
    public static final String FOLDS = "trainer.folds";
    public static final String FOLD_VALIDATION_MS = "trainer.fold.validation.ms";
    public static final String CANDIDATES = "trainer.candidates";
    public static final String LOGISTIC_LEARNING_RATES = "trainer.logistic.learning.rates";
    public static final String LOGISTIC_EPOCHS = "trainer.logistic.epochs";
    public static final String XGBOOST_TREES = "trainer.xgboost.trees";
    public static final String XGBOOST_MAX_DEPTHS = "trainer.xgboost.max.depths";
    public static final String XGBOOST_ETAS = "trainer.xgboost.etas";
    public static final String XGBOOST_MIN_CHILD_WEIGHTS = "trainer.xgboost.min.child.weights";
    public static final String XGBOOST_MAX_TREES = "trainer.xgboost.max.trees";
    public static final String XGBOOST_EARLY_STOPPING_ROUNDS = "trainer.xgboost.early.stopping.rounds";
    public static final String IMBALANCE = "trainer.imbalance";
    public static final String IMBALANCE_FRAUD_WEIGHT = "trainer.imbalance.fraud.weight";
    public static final String IMBALANCE_FRAUD_WEIGHTS = "trainer.imbalance.fraud.weights";
    public static final String IMBALANCE_LEGIT_PER_FRAUD = "trainer.imbalance.legit.per.fraud";
    public static final String SEARCH_MAX_ROWS = "trainer.search.max.rows";
    public static final String SEED = "trainer.seed";
    public static final String THREADS = "trainer.threads";
    public static final String REVIEW_ALERT_RATE = "trainer.threshold.review.alert.rate";
    public static final String DECLINE_PRECISION = "trainer.threshold.decline.precision";
    public static final String DECLINE_MAX_ALERT_RATE = "trainer.threshold.decline.max.alert.rate";
    public static final String CARDS_PER_DAY = "trainer.eval.cards.per.day";
    public static final String GATE_MARGIN = "trainer.gate.margin";
    public static final String REFIT_FULL_WINDOW = "trainer.refit.full.window";
    public static final String MODEL_ID = "trainer.model.id";
    public static final String REPORT_DIR = "trainer.report.dir";
    public static final String READ_TIMEOUT_MS = "trainer.read.timeout.ms";
    /** Shared secret for the models' HMAC-SHA-256 signatures (the scoring service holds the same). */
    public static final String SIGNING_KEY = "model.signing.key";

    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    private final Optional<Instant> from;
    private final Optional<Instant> to;
    private final Optional<Integer> lastDays;
    private final Optional<Instant> asOf;
    private final Duration maturity;
    private final Duration gap;
    private final Duration holdout;
    private final int folds;
    private final Duration foldValidation;
    private final List<Candidate> candidates;
    private final Imbalance imbalance;
    private final List<Imbalance> imbalances;
    private final int searchMaxRows;
    private final long seed;
    private final int threads;
    private final ThresholdRule thresholdRule;
    private final int cardsPerDay;
    private final double gateMargin;
    private final boolean refitFullWindow;
    private final String modelId;
    private final Path reportDir;
    private final Duration readTimeout;
    private final Optional<Password> signingKey;

    /** The definition: {@link RuntimeConfig#baseDefinition(String)} with the trainer's keys. */
    public static ConfigDef definition() {
        ConfigDef d = RuntimeConfig.baseDefinition("trainer");
        d.define(
                WINDOW_FROM,
                Type.STRING,
                null,
                Importance.HIGH,
                "Start of the data window in event time (inclusive): an ISO instant (2025-01-01T00:00:00Z) or a date "
                        + "(2025-01-01, UTC midnight). Unset: the earliest transaction read.");
        d.define(
                WINDOW_TO,
                Type.STRING,
                null,
                Importance.HIGH,
                "End of the data window in event time (exclusive), same formats. Unset: just after the latest transaction read.");
        d.define(
                WINDOW_LAST_DAYS,
                Type.INT,
                null,
                nullOrAtLeast(1),
                Importance.HIGH,
                "Use only the last N days of data, ending at " + WINDOW_TO + " (or the latest transaction read). "
                        + "Cannot be combined with " + WINDOW_FROM + ".");
        d.define(
                AS_OF,
                Type.STRING,
                null,
                Importance.LOW,
                "The instant the run is as of (ISO instant or date), for back-tests: label maturity is measured at it, "
                        + "and labels whose labelTime is after it are ignored (counted in the report), so a back-test "
                        + "never uses labels from its own future. Unset: now, and every label read is used.");
        d.define(
                MATURITY_MS,
                Type.LONG,
                Duration.ofDays(30).toMillis(),
                Range.atLeast(0),
                Importance.HIGH,
                "Label maturity in ms: a transaction younger than this (at " + AS_OF + ") is left out, labelled or "
                        + "not (keeping only the labelled ones would enrich the most recent data, and so the holdout, "
                        + "in fraud); an older unlabelled one counts as legitimate. Set it to the time by which nearly "
                        + "all fraud is reported. Default 30 days.");
        d.define(
                GAP_MS,
                Type.LONG,
                Duration.ofDays(7).toMillis(),
                Range.atLeast(0),
                Importance.HIGH,
                "Gap in ms between a training window and the validation or holdout window after it; set it to the "
                        + "label delay. Default 7 days.");
        d.define(
                HOLDOUT_MS,
                Type.LONG,
                Duration.ofDays(7).toMillis(),
                Range.atLeast(1),
                Importance.HIGH,
                "Length in ms of the held-out later period at the end of the window, used for the final "
                        + "evaluation and the champion comparison (never for the search, thresholds or calibration); "
                        + "a model the gate publishes is then refit on it too, unless " + REFIT_FULL_WINDOW + "=false. "
                        + "Default 7 days.");
        d.define(
                FOLDS,
                Type.INT,
                3,
                Range.between(1, 20),
                Importance.MEDIUM,
                "Number of rolling validation folds for the hyperparameter search.");
        d.define(
                FOLD_VALIDATION_MS,
                Type.LONG,
                Duration.ofDays(7).toMillis(),
                Range.atLeast(1),
                Importance.MEDIUM,
                "Length in ms of each fold's validation window. Default 7 days.");
        d.define(
                CANDIDATES,
                Type.LIST,
                "logistic,xgboost",
                Importance.MEDIUM,
                "Model families to search: logistic (logistic regression on standardised features), xgboost (boosted trees, hist).");
        d.define(
                LOGISTIC_LEARNING_RATES,
                Type.LIST,
                "0.05,0.2",
                Importance.LOW,
                "Grid: AdaGrad learning rates of the logistic regression.");
        d.define(LOGISTIC_EPOCHS, Type.LIST, "2", Importance.LOW, "Grid: epochs of the logistic regression.");
        d.define(
                XGBOOST_TREES,
                Type.LIST,
                "100",
                Importance.LOW,
                "Grid: numbers of trees of XGBoost, used only with " + XGBOOST_EARLY_STOPPING_ROUNDS
                        + "=0 (otherwise the count is chosen on validation, up to " + XGBOOST_MAX_TREES + ").");
        d.define(
                XGBOOST_MAX_TREES,
                Type.INT,
                300,
                Range.between(1, 100_000),
                Importance.LOW,
                "Early stopping: each XGBoost grid point is fitted once per fold with up to this many trees, scored on the "
                        + "fold's validation window every 5 trees, and gets the tree count with the best mean average "
                        + "precision over the folds; the final model is trained with that count.");
        d.define(
                XGBOOST_EARLY_STOPPING_ROUNDS,
                Type.INT,
                30,
                Range.atLeast(0),
                Importance.LOW,
                "Early stopping patience: a search fit stops growing this many trees after the best mean validation "
                        + "average precision (as XGBoost's early_stopping_rounds). 0 = no early stopping: every point is "
                        + "fitted with each tree count of " + XGBOOST_TREES + ".");
        d.define(XGBOOST_MAX_DEPTHS, Type.LIST, "4", Importance.LOW, "Grid: maximum tree depths of XGBoost.");
        d.define(XGBOOST_ETAS, Type.LIST, "0.3", Importance.LOW, "Grid: learning rates (eta) of XGBoost.");
        d.define(
                XGBOOST_MIN_CHILD_WEIGHTS,
                Type.LIST,
                "1",
                Importance.LOW,
                "Grid: minimum child weights of XGBoost (the least sum of hessian-weighted rows a leaf needs; >= 0).");
        d.define(
                IMBALANCE,
                Type.STRING,
                "weight",
                ConfigDef.CaseInsensitiveValidString.in("none", "weight", "undersample"),
                Importance.MEDIUM,
                "Class-imbalance handling: none, weight (fraud rows weigh more) or undersample "
                        + "(keep all fraud and a sample of legitimate rows).");
        d.define(
                IMBALANCE_FRAUD_WEIGHT,
                Type.DOUBLE,
                0.0,
                Range.atLeast(0),
                Importance.LOW,
                "Weight of fraud rows with imbalance=weight; 0 = automatic, sqrt(legitimate/fraud).");
        d.define(
                IMBALANCE_FRAUD_WEIGHTS,
                Type.LIST,
                "",
                Importance.LOW,
                "Grid: fraud weights to search with imbalance=weight (each >= 0, 0 = automatic), every candidate point "
                        + "tried with each; the winner's weight is in its parameters (fraudWeight). Empty (default): "
                        + IMBALANCE_FRAUD_WEIGHT + " alone, not searched. Cannot be combined with "
                        + IMBALANCE_FRAUD_WEIGHT + ".");
        d.define(
                IMBALANCE_LEGIT_PER_FRAUD,
                Type.DOUBLE,
                20.0,
                Range.atLeast(0.001),
                Importance.LOW,
                "Legitimate rows kept per fraud row with imbalance=undersample.");
        d.define(
                SEARCH_MAX_ROWS,
                Type.INT,
                200_000,
                Range.atLeast(100),
                Importance.MEDIUM,
                "During the search, each fold trains on at most about this many rows (a seeded sample); the final "
                        + "model trains on the whole training window.");
        d.define(
                SEED,
                Type.LONG,
                42L,
                Importance.MEDIUM,
                "Seed of every random choice: the same data and seed give the same model.");
        d.define(THREADS, Type.INT, 0, Range.atLeast(0), Importance.LOW, "Threads for training; 0 = all processors.");
        d.define(
                REVIEW_ALERT_RATE,
                Type.DOUBLE,
                0.01,
                Range.between(1e-9, 1.0),
                Importance.HIGH,
                "Threshold rule: REVIEW at the lowest score whose alert rate on the last validation fold is at most this fraction.");
        d.define(
                DECLINE_PRECISION,
                Type.DOUBLE,
                0.9,
                Range.between(1e-9, 1.0),
                Importance.HIGH,
                "Threshold rule: DECLINE at the lowest score (at or above REVIEW) whose precision on the last "
                        + "validation fold reaches this.");
        d.define(
                DECLINE_MAX_ALERT_RATE,
                Type.DOUBLE,
                0.002,
                Range.between(1e-9, 1.0),
                Importance.MEDIUM,
                "Threshold rule: DECLINE never flags more than this fraction of transactions; without a score "
                        + "reaching the precision, DECLINE flags a tenth of it.");
        d.define(
                CARDS_PER_DAY,
                Type.INT,
                100,
                Range.atLeast(1),
                Importance.LOW,
                "k of the precision at k cards per day.");
        d.define(
                GATE_MARGIN,
                Type.DOUBLE,
                0.002,
                Range.atLeast(0),
                Importance.HIGH,
                "Champion gate: a new model becomes champion only if its holdout average precision exceeds the "
                        + "re-scored champion's by more than this.");
        d.define(
                REFIT_FULL_WINDOW,
                Type.BOOLEAN,
                true,
                Importance.HIGH,
                "After the champion gate decides to publish, refit the chosen candidate with its hyperparameters on "
                        + "the whole mature window (training window + gap + holdout: the freshest labelled data) and "
                        + "publish that model, with the thresholds and calibration chosen on validation; its holdout "
                        + "figures are those of the same candidate trained without the gap and holdout (the refit has no "
                        + "held-out data left). false: publish the evaluated model, trained on the training window only.");
        d.define(MODEL_ID, Type.STRING, "fraud-model", Importance.MEDIUM, "Model id (family) of the published models.");
        d.define(
                REPORT_DIR,
                Type.STRING,
                ".fraudstream/reports/trainer",
                Importance.MEDIUM,
                "Directory of the reports; each run writes report.html and metrics.json into a subdirectory named after its start time.");
        d.define(
                READ_TIMEOUT_MS,
                Type.LONG,
                60_000L,
                Range.atLeast(1),
                Importance.LOW,
                "Reading a topic fails after this long without progress.");
        d.define(
                SIGNING_KEY,
                Type.PASSWORD,
                null,
                Importance.HIGH,
                "Shared secret (at least 32 bytes) for the HMAC-SHA-256 model signatures; the scoring service must "
                        + "hold the same. Required to publish and to verify the serving champion. Environment: "
                        + "FRAUDSTREAM_MODEL_SIGNING_KEY.");
        return d;
    }

    public TrainerConfig(Map<?, ?> props) {
        super(definition(), props);
        from = Optional.ofNullable(getString(WINDOW_FROM)).map(v -> instant(WINDOW_FROM, v));
        to = Optional.ofNullable(getString(WINDOW_TO)).map(v -> instant(WINDOW_TO, v));
        lastDays = Optional.ofNullable(getInt(WINDOW_LAST_DAYS));
        if (from.isPresent() && lastDays.isPresent()) {
            throw new ConfigException(WINDOW_LAST_DAYS + " cannot be combined with " + WINDOW_FROM);
        }
        if (from.isPresent() && to.isPresent() && !to.get().isAfter(from.get())) {
            throw new ConfigException(WINDOW_TO, getString(WINDOW_TO), "must be after " + WINDOW_FROM);
        }
        asOf = Optional.ofNullable(getString(AS_OF)).map(v -> instant(AS_OF, v));
        maturity = Duration.ofMillis(getLong(MATURITY_MS));
        gap = Duration.ofMillis(getLong(GAP_MS));
        holdout = Duration.ofMillis(getLong(HOLDOUT_MS));
        folds = getInt(FOLDS);
        foldValidation = Duration.ofMillis(getLong(FOLD_VALIDATION_MS));
        candidates = parseCandidates();
        imbalances = parseImbalances();
        imbalance = imbalances.get(0);
        searchMaxRows = getInt(SEARCH_MAX_ROWS);
        seed = getLong(SEED);
        threads = getInt(THREADS) == 0 ? Runtime.getRuntime().availableProcessors() : getInt(THREADS);
        thresholdRule = new ThresholdRule(
                getDouble(REVIEW_ALERT_RATE), getDouble(DECLINE_PRECISION), getDouble(DECLINE_MAX_ALERT_RATE));
        cardsPerDay = getInt(CARDS_PER_DAY);
        gateMargin = getDouble(GATE_MARGIN);
        refitFullWindow = getBoolean(REFIT_FULL_WINDOW);
        modelId = getString(MODEL_ID).trim();
        reportDir = Path.of(getString(REPORT_DIR).trim());
        readTimeout = Duration.ofMillis(getLong(READ_TIMEOUT_MS));
        signingKey = Optional.ofNullable(getPassword(SIGNING_KEY));
        if (signingKey.isPresent()
                && signingKey.get().value().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            throw new ConfigException(SIGNING_KEY, "[hidden]", "must be at least 32 bytes");
        }
    }

    private List<Imbalance> parseImbalances() {
        Imbalance.Mode mode = Imbalance.Mode.parse(getString(IMBALANCE));
        List<String> weights = getList(IMBALANCE_FRAUD_WEIGHTS);
        if (weights.isEmpty()) {
            return List.of(
                    new Imbalance(mode, getDouble(IMBALANCE_FRAUD_WEIGHT), getDouble(IMBALANCE_LEGIT_PER_FRAUD)));
        }
        if (mode != Imbalance.Mode.WEIGHT) {
            throw new ConfigException(IMBALANCE_FRAUD_WEIGHTS, weights, "applies only with " + IMBALANCE + "=weight");
        }
        if (originals().containsKey(IMBALANCE_FRAUD_WEIGHT)) {
            throw new ConfigException(
                    IMBALANCE_FRAUD_WEIGHTS, weights, "cannot be combined with " + IMBALANCE_FRAUD_WEIGHT);
        }
        List<Double> values = nonNegativeDoubles(IMBALANCE_FRAUD_WEIGHTS);
        if (values.stream().distinct().count() < values.size()) {
            throw new ConfigException(IMBALANCE_FRAUD_WEIGHTS, weights, "must not repeat a weight");
        }
        return values.stream()
                .map(w -> new Imbalance(mode, w, getDouble(IMBALANCE_LEGIT_PER_FRAUD)))
                .toList();
    }

    private Candidate xgboost() {
        int rounds = getInt(XGBOOST_EARLY_STOPPING_ROUNDS);
        List<Double> minChildWeights = nonNegativeDoubles(XGBOOST_MIN_CHILD_WEIGHTS);
        return rounds == 0
                ? XGBoostCandidate.fixed(
                        ints(XGBOOST_TREES), ints(XGBOOST_MAX_DEPTHS), doubles(XGBOOST_ETAS), minChildWeights)
                : XGBoostCandidate.earlyStopping(
                        getInt(XGBOOST_MAX_TREES),
                        rounds,
                        ints(XGBOOST_MAX_DEPTHS),
                        doubles(XGBOOST_ETAS),
                        minChildWeights);
    }

    private List<Candidate> parseCandidates() {
        List<Candidate> out = new ArrayList<>();
        for (String name : getList(CANDIDATES)) {
            switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "logistic" ->
                    out.add(new LogisticCandidate(doubles(LOGISTIC_LEARNING_RATES), ints(LOGISTIC_EPOCHS)));
                case "xgboost" -> out.add(xgboost());
                default ->
                    throw new ConfigException(
                            CANDIDATES,
                            getList(CANDIDATES),
                            "unknown candidate '" + name + "' (known: logistic, xgboost)");
            }
        }
        if (out.isEmpty()) {
            throw new ConfigException(CANDIDATES, getList(CANDIDATES), "name at least one candidate");
        }
        return List.copyOf(out);
    }

    private List<Double> doubles(String key) {
        try {
            List<Double> out =
                    getList(key).stream().map(s -> Double.parseDouble(s.trim())).toList();
            if (out.isEmpty() || out.stream().anyMatch(v -> !(v > 0))) {
                throw new ConfigException(key, getList(key), "must be a non-empty list of positive numbers");
            }
            return out;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, getList(key), "must be a list of numbers");
        }
    }

    private List<Double> nonNegativeDoubles(String key) {
        try {
            List<Double> out =
                    getList(key).stream().map(s -> Double.parseDouble(s.trim())).toList();
            if (out.isEmpty() || out.stream().anyMatch(v -> !(v >= 0) || v.isInfinite())) {
                throw new ConfigException(key, getList(key), "must be a non-empty list of finite numbers >= 0");
            }
            return out;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, getList(key), "must be a list of numbers");
        }
    }

    private List<Integer> ints(String key) {
        try {
            List<Integer> out =
                    getList(key).stream().map(s -> Integer.parseInt(s.trim())).toList();
            if (out.isEmpty() || out.stream().anyMatch(v -> v < 1)) {
                throw new ConfigException(key, getList(key), "must be a non-empty list of positive integers");
            }
            return out;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, getList(key), "must be a list of integers");
        }
    }

    private static ConfigDef.Validator nullOrAtLeast(int min) {
        return Validators.nullOr(ConfigDef.Range.atLeast(min));
    }

    /** Parses an ISO instant or an ISO date (UTC midnight). */
    static Instant instant(String key, String value) {
        String v = value.trim();
        try {
            return v.length() == 10
                    ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new ConfigException(
                    key, value, "expected an ISO instant (2025-01-01T00:00:00Z) or a date (2025-01-01)");
        }
    }

    public Optional<Instant> from() {
        return from;
    }

    public Optional<Instant> to() {
        return to;
    }

    public Optional<Integer> lastDays() {
        return lastDays;
    }
    /** The instant a back-test is as of, if configured (else: now, and no label is ignored for its time). */
    public Optional<Instant> asOf() {
        return asOf;
    }

    public Duration maturity() {
        return maturity;
    }

    public Duration gap() {
        return gap;
    }

    public Duration holdout() {
        return holdout;
    }

    public int folds() {
        return folds;
    }

    public Duration foldValidation() {
        return foldValidation;
    }

    public List<Candidate> candidates() {
        return candidates;
    }
    /** The logistic regression of the configured grid ({@value #LOGISTIC_LEARNING_RATES}, {@value #LOGISTIC_EPOCHS}), whether or not it is a candidate. */
    public Candidate logistic() {
        return new LogisticCandidate(doubles(LOGISTIC_LEARNING_RATES), ints(LOGISTIC_EPOCHS));
    }
    /** The imbalance handling: the first of {@link #imbalances()} (the only one unless fraud weights are searched). */
    public Imbalance imbalance() {
        return imbalance;
    }
    /** The imbalance settings to search: one, or one per fraud weight of {@value #IMBALANCE_FRAUD_WEIGHTS}. */
    public List<Imbalance> imbalances() {
        return imbalances;
    }

    public int searchMaxRows() {
        return searchMaxRows;
    }

    public long seed() {
        return seed;
    }

    public int threads() {
        return threads;
    }

    public ThresholdRule thresholdRule() {
        return thresholdRule;
    }

    public int cardsPerDay() {
        return cardsPerDay;
    }

    public double gateMargin() {
        return gateMargin;
    }
    /** True if a published model is refit on the whole mature window ({@value #REFIT_FULL_WINDOW}). */
    public boolean refitFullWindow() {
        return refitFullWindow;
    }

    public String modelId() {
        return modelId;
    }

    public Path reportDir() {
        return reportDir;
    }

    public Duration readTimeout() {
        return readTimeout;
    }
    /** The signing secret, if configured. */
    public Optional<String> signingKey() {
        return signingKey.map(Password::value);
    }

    /** Days to epoch millis. */
    static long days(int n) {
        return n * DAY_MS;
    }
}
