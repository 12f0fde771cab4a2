package io.fraudstream.scoring;

import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.runtime.config.Validators;
import io.fraudstream.runtime.streams.DeadLetterCounter;
import io.fraudstream.runtime.streams.DeadLetterExceptionHandler;
import io.fraudstream.schemas.model.ModelSignature;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.scoring.rules.RuleSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The scoring service's configuration: the shared keys plus the ones below, parsed once.
 * <ul>
 *     <li>{@value #SIGNING_KEY} (env {@code FRAUDSTREAM_MODEL_SIGNING_KEY}): HMAC key shared with the trainer;
 *     unset = every model rejected, rules-only decisions;</li>
 *     <li>{@value #REVIEW_THRESHOLD}, {@value #DECLINE_THRESHOLD}: override the model's thresholds;</li>
 *     <li>{@value #DENY_CARDS}, {@value #DENY_MERCHANTS}: deny-lists;</li>
 *     <li>{@value #AMOUNT_CAPS}: {@code mcc:cap} pairs in base-currency minor units ({@code *} for any category);</li>
 *     <li>{@value #TRAVEL_MAX_KMH}, {@value #TRAVEL_MIN_KM}: impossible travel;</li>
 *     <li>{@value #REASONS_TOP}, {@value #RECENT_RETENTION_MS}.</li>
 * </ul>
 */
public final class ScoringConfig extends RuntimeConfig {

    /** The service's name: the prefix of the stages in its dead letters. */
    public static final String SERVICE = "scoring-service";

    public static final String SIGNING_KEY = "model.signing.key";
    public static final String REVIEW_THRESHOLD = "scoring.review.threshold";
    public static final String DECLINE_THRESHOLD = "scoring.decline.threshold";
    public static final String DENY_CARDS = "scoring.rules.deny.cards";
    public static final String DENY_MERCHANTS = "scoring.rules.deny.merchants";
    public static final String AMOUNT_CAPS = "scoring.rules.amount.caps";
    public static final String TRAVEL_MAX_KMH = "scoring.rules.travel.max.kmh";
    public static final String TRAVEL_MIN_KM = "scoring.rules.travel.min.km";
    public static final String REASONS_TOP = "scoring.reasons.top";
    public static final String RECENT_RETENTION_MS = "scoring.recent.scores.retention.ms";

    private final Optional<ModelSignature> signature;
    private final ScoringSettings settings;

    public ScoringConfig(Map<?, ?> props) {
        super(definition(), props);
        Password key = getPassword(SIGNING_KEY);
        if (key != null && key.value().getBytes(StandardCharsets.UTF_8).length < ModelSignature.MIN_KEY_BYTES) {
            throw new ConfigException(
                    SIGNING_KEY, "[hidden]", "must be at least " + ModelSignature.MIN_KEY_BYTES + " bytes");
        }
        signature = Optional.ofNullable(key).map(p -> ModelSignature.withKey(p.value()));
        Optional<Double> review = Optional.ofNullable(getDouble(REVIEW_THRESHOLD));
        Optional<Double> decline = Optional.ofNullable(getDouble(DECLINE_THRESHOLD));
        if (review.isPresent() && decline.isPresent() && review.get() > decline.get()) {
            throw new ConfigException(REVIEW_THRESHOLD, review.get(), "must not exceed " + DECLINE_THRESHOLD);
        }
        RuleSettings rules = new RuleSettings(
                new HashSet<>(getList(DENY_CARDS)),
                new HashSet<>(getList(DENY_MERCHANTS)),
                caps(getList(AMOUNT_CAPS)),
                getDouble(TRAVEL_MAX_KMH),
                getDouble(TRAVEL_MIN_KM));
        settings = new ScoringSettings(
                        rules,
                        java.util.OptionalDouble.empty(),
                        java.util.OptionalDouble.empty(),
                        getInt(REASONS_TOP),
                        Duration.ofMillis(getLong(RECENT_RETENTION_MS)),
                        Clock.systemUTC())
                .withThresholds(review, decline);
    }

    /** The shared keys plus the scoring keys. */
    public static ConfigDef definition() {
        return RuntimeConfig.baseDefinition("scoring-service")
                .define(
                        SIGNING_KEY,
                        Type.PASSWORD,
                        null,
                        Importance.HIGH,
                        "HMAC-SHA-256 key (at least 32 bytes) the trainer signs models with; models that fail "
                                + "verification are rejected. Unset: every model is rejected and decisions are by rules "
                                + "alone. Prefer the environment variable FRAUDSTREAM_MODEL_SIGNING_KEY.")
                .define(
                        REVIEW_THRESHOLD,
                        Type.DOUBLE,
                        null,
                        nullOrUnit(),
                        Importance.MEDIUM,
                        "Score at or above which a transaction goes to REVIEW, on the scale of the served score (calibrated "
                                + "when the model record asks for Platt calibration, else raw); unset: the model's reviewThreshold.")
                .define(
                        DECLINE_THRESHOLD,
                        Type.DOUBLE,
                        null,
                        nullOrUnit(),
                        Importance.MEDIUM,
                        "Score at or above which a transaction is DECLINEd, on the scale of the served score; unset: the "
                                + "model's declineThreshold.")
                .define(
                        DENY_CARDS,
                        Type.LIST,
                        "",
                        Importance.MEDIUM,
                        "Card tokens always DECLINEd (rule deny_list_card, evaluated first).")
                .define(
                        DENY_MERCHANTS,
                        Type.LIST,
                        "",
                        Importance.MEDIUM,
                        "Merchant ids always DECLINEd (rule deny_list_merchant, second).")
                .define(
                        AMOUNT_CAPS,
                        Type.LIST,
                        "",
                        Importance.MEDIUM,
                        "Amount caps per merchant category as mcc:cap pairs, cap in minor units of the base currency "
                                + "(amountBaseMinor), e.g. 5411:500000,*:2000000 (* = any other category). Above the "
                                + "cap: REVIEW (rule amount_cap:<mcc>, third).")
                .define(
                        TRAVEL_MAX_KMH,
                        Type.DOUBLE,
                        1000.0,
                        Range.atLeast(1),
                        Importance.MEDIUM,
                        "Implied speed from the card's previous located transaction above which travel is impossible: "
                                + "REVIEW (rule impossible_travel, fourth).")
                .define(
                        TRAVEL_MIN_KM,
                        Type.DOUBLE,
                        100.0,
                        Range.atLeast(0),
                        Importance.LOW,
                        "Distances below this never count as impossible travel (location noise).")
                .define(
                        REASONS_TOP,
                        Type.INT,
                        3,
                        Range.between(0, 20),
                        Importance.LOW,
                        "How many reason codes (features that raised the score most) each scored event carries.")
                .define(
                        RECENT_RETENTION_MS,
                        Type.LONG,
                        Duration.ofHours(1).toMillis(),
                        Range.atLeast(1000),
                        Importance.LOW,
                        "How long a score stays queryable at GET /v1/scores/{transactionId}, in milliseconds.");
    }

    private static ConfigDef.Validator nullOrUnit() {
        return Validators.nullOr(Validators.describedAs("a score in [0, 1]", (name, value) -> {
            if (!((Double) value >= 0 && (Double) value <= 1)) {
                throw new ConfigException(name, value, "must be within [0, 1]");
            }
        }));
    }

    private static Map<String, Long> caps(List<String> pairs) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String p : pairs) {
            int colon = p.lastIndexOf(':');
            try {
                if (colon < 1) {
                    throw new NumberFormatException();
                }
                long cap = Long.parseLong(p.substring(colon + 1).trim());
                if (cap < 0) {
                    throw new NumberFormatException();
                }
                out.put(p.substring(0, colon).trim(), cap);
            } catch (NumberFormatException e) {
                throw new ConfigException(AMOUNT_CAPS, p, "expected mcc:cap with a non-negative integer cap");
            }
        }
        return out;
    }

    /** The model verifier, if a key is configured. */
    public Optional<ModelSignature> signature() {
        return signature;
    }

    /** Topology settings. */
    public ScoringSettings settings() {
        return settings;
    }

    /**
     * Streams settings: {@link #streamsProps()} with {@code exactly_once_v2} unless set, the model fetch sizes for
     * the global consumer, and {@code application.server} for interactive queries when the HTTP port is fixed. The
     * service adds its {@link #failurePolicy}.
     */
    public Map<String, Object> scoringStreamsProps(int boundHttpPort) {
        Map<String, Object> p = new LinkedHashMap<>(streamsProps());
        p.putIfAbsent(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        TopicSettingsHolder.modelConsumer(p);
        p.putIfAbsent(
                StreamsConfig.APPLICATION_SERVER_CONFIG,
                new HostInfo(httpHost(), boundHttpPort).host() + ":" + boundHttpPort);
        return p;
    }

    /**
     * The processing failure policy: a record a processor throws on, or that cannot be deserialized, goes to the
     * dead-letter topic (original bytes, reason, source offset) and the stream goes on ({@link DeadLetterExceptionHandler}).
     */
    public static Map<String, Object> failurePolicy(TopicCatalogue topics, DeadLetterCounter deadLetters) {
        return DeadLetterExceptionHandler.props(
                SERVICE,
                topics.transactionsDlq().name(),
                topics.transactionsDlq().valueSerde().serializer(),
                deadLetters,
                List.of(topics.fraudModels().name()));
    }

    /** Model-topic consumer sizes for the global consumer. */
    private static final class TopicSettingsHolder {
        static void modelConsumer(Map<String, Object> p) {
            TopicCatalogue.MODEL_CONSUMER_CONFIGS.forEach(
                    (k, v) -> p.putIfAbsent(StreamsConfig.globalConsumerPrefix(k), v));
        }
    }
}
