package io.fraudstream.featurestream;

import io.fraudstream.features.FeatureSet;
import io.fraudstream.featurestream.cleaning.CurrencyTable;
import io.fraudstream.featurestream.stages.DeadLetterStages;
import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.runtime.config.Validators;
import io.fraudstream.runtime.streams.DeadLetterExceptionHandler;
import io.fraudstream.schemas.topics.TopicCatalogue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The feature stream's configuration: the shared keys of {@link RuntimeConfig} plus the {@code features.*} keys
 * below, parsed once at construction. Kafka Streams settings pass through under {@code streams.}; this service
 * defaults {@code processing.guarantee} to {@code exactly_once_v2}.
 */
public final class FeatureStreamConfig extends RuntimeConfig {

    public static final String BASE_CURRENCY = "features.base.currency";
    public static final String CURRENCY_RATES = "features.currency.rates";
    public static final String OUTLIER_CAP = "features.outlier.amount.minor";
    public static final String EARLIEST_EVENT_TIME = "features.event.time.earliest";
    public static final String MAX_FUTURE_SKEW = "features.event.time.max.future.ms";
    public static final String GRACE = "features.grace.ms";
    public static final String DEDUPE_WINDOW = "features.dedupe.window.ms";
    public static final String CARD_MAX_EVENTS = "features.card.max.events";
    public static final String MERCHANT_MAX_TRANSACTIONS = "features.merchant.max.transactions";
    public static final String MERCHANT_MAX_LABELS = "features.merchant.max.labels";
    public static final String MERCHANT_PARTITIONS = "features.merchant.partitions";
    public static final String PURGE_INTERVAL = "features.state.purge.interval.ms";
    public static final String STORE_TYPE = "features.state.store";
    public static final String WATERMARK_INTERVAL = "features.watermark.interval.ms";
    public static final String WATERMARK_LATENESS = "features.watermark.lateness.ms";
    public static final String WATERMARK_IDLE = "features.watermark.idle.ms";
    public static final String MERCHANT_LAG = "features.merchant.lag.ms";
    public static final String MERCHANT_PUBLISH_INTERVAL = "features.merchant.publish.interval.ms";

    private final FeatureSettings.Parsed parsed;

    public FeatureStreamConfig(Map<?, ?> props) {
        super(definition(), props);
        try {
            parsed = new FeatureSettings.Parsed(
                    CurrencyTable.parse(getString(BASE_CURRENCY), getList(CURRENCY_RATES)),
                    getLong(OUTLIER_CAP),
                    Instant.parse(getString(EARLIEST_EVENT_TIME).trim()),
                    Duration.ofMillis(getLong(MAX_FUTURE_SKEW)),
                    Duration.ofMillis(getLong(GRACE)),
                    Duration.ofMillis(getLong(DEDUPE_WINDOW)),
                    getInt(CARD_MAX_EVENTS),
                    getInt(MERCHANT_MAX_TRANSACTIONS),
                    getInt(MERCHANT_MAX_LABELS),
                    getInt(MERCHANT_PARTITIONS),
                    Duration.ofMillis(getLong(PURGE_INTERVAL)),
                    "in-memory".equalsIgnoreCase(getString(STORE_TYPE).trim()),
                    new FeatureSettings.Ordering(
                            Duration.ofMillis(getLong(WATERMARK_INTERVAL)),
                            Duration.ofMillis(getLong(WATERMARK_LATENESS)),
                            Duration.ofMillis(getLong(WATERMARK_IDLE)),
                            Duration.ofMillis(getLong(MERCHANT_LAG)),
                            Duration.ofMillis(getLong(MERCHANT_PUBLISH_INTERVAL)),
                            1,
                            1));
            parsed.toSettings(Clock.systemUTC(), 1, 1, 1); // validates the combination now, not at start
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new ConfigException("invalid feature-stream configuration: " + e.getMessage());
        }
    }

    /** Every key of the feature stream, with type, default and documentation. */
    public static ConfigDef definition() {
        return RuntimeConfig.baseDefinition("feature-stream")
                .define(
                        BASE_CURRENCY,
                        Type.STRING,
                        "EUR",
                        Validators.nonBlank(),
                        Importance.HIGH,
                        "ISO 4217 code of the base currency: amounts are converted into it (minor units) for the card features.")
                .define(
                        CURRENCY_RATES,
                        Type.LIST,
                        "USD:0.92,GBP:1.17,CHF:1.04,JPY:0.0061,SEK:0.087,NOK:0.085,DKK:0.134,PLN:0.23,CAD:0.68,AUD:0.61,"
                                + "NZD:0.55,CZK:0.040,HUF:0.0025,SGD:0.69,HKD:0.118,CNY:0.13,INR:0.011,KRW:0.00067,THB:0.026,AED:0.25,"
                                + "TRY:0.027,ZAR:0.050,BRL:0.17,MXN:0.050,NGN:0.00060",
                        Importance.HIGH,
                        "Rate table: CODE:rate entries, rate = units of base currency per unit of CODE. A transaction in a "
                                + "currency without a rate (other than the base) is rejected to the DLQ. The defaults are "
                                + "illustrative fixed rates: configure your own.")
                .define(
                        OUTLIER_CAP,
                        Type.LONG,
                        10_000_000L,
                        Range.atLeast(1),
                        Importance.MEDIUM,
                        "Outlier cap in base currency minor units: a larger amount is flagged amountOutlier and clipped at "
                                + "the cap in the card statistics (sums, means, maxima, z-score).")
                .define(
                        EARLIEST_EVENT_TIME,
                        Type.STRING,
                        "2000-01-01T00:00:00Z",
                        Validators.nonBlank(),
                        Importance.LOW,
                        "Earliest accepted event time (ISO-8601 instant); earlier transactions go to the DLQ.")
                .define(
                        MAX_FUTURE_SKEW,
                        Type.LONG,
                        Duration.ofHours(1).toMillis(),
                        Range.between(0, Duration.ofHours(1).toMillis()),
                        Importance.LOW,
                        "How far an event time may be after the wall clock, in ms; later transactions go to the DLQ. At most "
                                + "1 hour: output records carry the event time, and Kafka brokers refuse timestamps more than "
                                + "message.timestamp.after.max.ms (1 hour by default) ahead.")
                .define(
                        GRACE,
                        Type.LONG,
                        Duration.ofMinutes(5).toMillis(),
                        Range.atLeast(0),
                        Importance.MEDIUM,
                        "Out-of-order grace in ms: a transaction up to this much behind the latest event time of its card "
                                + "(and merchant) is computed exactly; a later one is still featured, flagged outOfOrder. "
                                + "State retention is the longest window (30 d) plus the grace.")
                .define(
                        DEDUPE_WINDOW,
                        Type.LONG,
                        Duration.ofDays(7).toMillis(),
                        Range.between(0, Duration.ofDays(30).toMillis()),
                        Importance.MEDIUM,
                        "A transaction id seen again for the same card within this much event time (ms) is a duplicate: "
                                + "dropped and counted. At most 30 days (the card history).")
                .define(
                        CARD_MAX_EVENTS,
                        Type.INT,
                        10_000,
                        Range.atLeast(1),
                        Importance.LOW,
                        "Cap on the transactions a card's history keeps (oldest dropped first, counted).")
                .define(
                        MERCHANT_MAX_TRANSACTIONS,
                        Type.INT,
                        200_000,
                        Range.atLeast(1),
                        Importance.LOW,
                        "Cap on the transaction times a merchant's history keeps (oldest dropped first, counted).")
                .define(
                        MERCHANT_MAX_LABELS,
                        Type.INT,
                        20_000,
                        Range.atLeast(1),
                        Importance.LOW,
                        "Cap on the labels a merchant's history keeps (oldest dropped first, counted).")
                .define(
                        MERCHANT_PARTITIONS,
                        Type.INT,
                        0,
                        Range.atLeast(0),
                        Importance.LOW,
                        "Partitions of the merchant repartition topics; 0 = as many as transactions.raw. Never change it "
                                + "for an existing application id.")
                .define(
                        PURGE_INTERVAL,
                        Type.LONG,
                        Duration.ofMinutes(10).toMillis(),
                        Range.atLeast(1000),
                        Importance.LOW,
                        "How often (wall clock, ms) cards and merchants idle for longer than the retention are removed.")
                .define(
                        STORE_TYPE,
                        Type.STRING,
                        "rocksdb",
                        ConfigDef.CaseInsensitiveValidString.in("rocksdb", "in-memory"),
                        Importance.LOW,
                        "State store type: rocksdb (state on disk, bounded memory) or in-memory (faster; state must fit the "
                                + "heap; rebuilt from the changelog at start).")
                .define(
                        WATERMARK_INTERVAL,
                        Type.LONG,
                        100L,
                        Range.atLeast(1),
                        Importance.LOW,
                        "How often (wall clock, ms) each card-stage and label task sends its event-time progress (watermark) to "
                                + "every merchant partition. The merchant stage applies a transaction once every task that is not "
                                + "idle has passed its event time, so in live traffic merchant features wait about this long.")
                .define(
                        WATERMARK_LATENESS,
                        Type.LONG,
                        0L,
                        Range.atLeast(0),
                        Importance.LOW,
                        "How far (ms of event time) a transaction may be behind the latest one of its raw partition and still "
                                + "be applied in order at the merchant stage; the watermark is that latest time minus this, so "
                                + "merchant features wait this much longer. A later transaction is applied on arrival, flagged "
                                + "outOfOrder and counted (fraudstream_features_late_total).")
                .define(
                        WATERMARK_IDLE,
                        Type.LONG,
                        2_000L,
                        Range.atLeast(1),
                        Importance.LOW,
                        "A card-stage or label task that has had no input for this long (wall clock, ms), and whose input "
                                + "partition is processed and committed to its end, says it is idle, and the merchant stage stops "
                                + "waiting for it (a partition without traffic, or the sparse label stream, "
                                + "must not hold back the others). An event that later reaches the merchant stage behind the "
                                + "watermark is late (see " + WATERMARK_LATENESS + ").")
                .define(
                        MERCHANT_LAG,
                        Type.LONG,
                        FeatureSet.MERCHANT_LAG.toMillis(),
                        Range.between(0, Duration.ofDays(1).toMillis()),
                        Importance.MEDIUM,
                        "The merchant lag (ms): merchant and terminal features of a transaction at t are taken as of t minus "
                                + "this, from the merchant state the merchant stage publishes ("
                                + TopicCatalogue.FEATURES_MERCHANT_STATE
                                + "), so scoring never waits for the merchant stage in live traffic. Keep it above the time the "
                                + "merchant state takes to catch up (watermark interval + commits + publish interval; under a "
                                + "second on a healthy stream): a transaction whose merchant state is not complete up to t minus "
                                + "the lag waits for it (replay, catch-up). Part of the feature definitions: a model scores well "
                                + "only the lag it was trained with.")
                .define(
                        MERCHANT_PUBLISH_INTERVAL,
                        Type.LONG,
                        200L,
                        Range.atLeast(1),
                        Importance.LOW,
                        "How often (wall clock, ms) the merchant stage publishes the merchant and terminal state that "
                                + "changed, then its watermark, to " + TopicCatalogue.FEATURES_MERCHANT_STATE
                                + ". Shorter: "
                                + "fresher state, more bytes written.");
    }

    /** The topology settings, with the merchant partitions resolved against {@code topics}. */
    public FeatureSettings settings(TopicCatalogue topics) {
        int partitions = parsed.merchantPartitions() > 0
                ? parsed.merchantPartitions()
                : topics.transactionsRaw().partitions();
        return parsed.toSettings(
                Clock.systemUTC(),
                partitions,
                topics.transactionsRaw().partitions(),
                topics.transactionsLabels().partitions());
    }

    /**
     * The Kafka Streams properties: {@link #streamsProps()} (pass-through {@code streams.*} keys, application id,
     * bootstrap servers) plus, unless set there, {@code exactly_once_v2}; always the explicit-naming check and the
     * dead-letter handlers with their topic, serializer and metrics.
     */
    public Map<String, Object> featureStreamsProps(TopicCatalogue topics, FeatureStreamMetrics metrics) {
        Map<String, Object> props = new LinkedHashMap<>(streamsProps());
        props.putIfAbsent(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.putAll(handlerProps(topics, metrics));
        return props;
    }

    /** The explicit-naming check and the dead-letter handlers (also used by tests with TopologyTestDriver). */
    public static Map<String, Object> handlerProps(TopicCatalogue topics, FeatureStreamMetrics metrics) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.putAll(DeadLetterExceptionHandler.props(
                DeadLetterStages.SERVICE,
                topics.transactionsDlq().name(),
                topics.transactionsDlq().valueSerde().serializer(),
                metrics,
                List.of(
                        topics.referenceMerchants().name(),
                        topics.referenceCards().name())));
        return props;
    }
}
