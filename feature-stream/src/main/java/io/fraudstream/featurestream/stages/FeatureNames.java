package io.fraudstream.featurestream.stages;

/**
 * The names of the feature topology's processors, state stores and repartition topics. Every stateful operator,
 * store and internal topic is named explicitly (and {@code ensure.explicit.internal.resource.naming} is on), so
 * names survive topology changes and internal topics read {@code <application.id>-<name>-repartition} /
 * {@code <application.id>-<store>-changelog}.
 */
public final class FeatureNames {

    public static final String RAW_SOURCE = "raw-source";
    public static final String CLEAN = "clean";
    public static final String CLEAN_SPLIT = "clean-split-";
    public static final String INVALID_BRANCH = "invalid";
    public static final String VALID_BRANCH = "valid";
    public static final String INVALID_TO_DEAD_LETTER = "invalid-to-dead-letter";
    public static final String DLQ_SINK_INVALID = "dlq-sink-invalid";
    public static final String VALID_UNWRAP = "valid-unwrap";
    public static final String ENRICH_MERCHANT = "enrich-merchant";
    public static final String ENRICH_CARD = "enrich-card";
    public static final String CARD_FEATURES = "card-features";
    public static final String KEY_BY_MERCHANT = "key-by-merchant";
    public static final String MERCHANT_TRANSACTIONS = "merchant-transactions";
    public static final String WRAP_TRANSACTION = "wrap-transaction";
    public static final String TRANSACTION_PROGRESS = "transaction-progress";

    public static final String LABELS_SOURCE = "labels-source";
    public static final String VALIDATE_LABEL = "validate-label";
    public static final String LABEL_SPLIT = "label-split-";
    public static final String INVALID_LABEL_TO_DEAD_LETTER = "invalid-label-to-dead-letter";
    public static final String DLQ_SINK_INVALID_LABEL = "dlq-sink-invalid-label";
    public static final String LABEL_UNWRAP = "label-unwrap";
    public static final String LABEL_KEY_BY_MERCHANT = "label-key-by-merchant";
    public static final String MERCHANT_LABELS = "merchant-labels";
    public static final String WRAP_LABEL = "wrap-label";
    public static final String LABEL_PROGRESS = "label-progress";

    public static final String MERGE_MERCHANT_EVENTS = "merge-merchant-events";
    public static final String MERCHANT_FEATURES = "merchant-features";
    public static final String FEATURES_SINK = "features-sink";
    public static final String MERCHANT_STATE = "merchant-state";
    public static final String MERCHANT_STATE_SINK = "merchant-state-sink";
    public static final String MERCHANT_STATE_SOURCE = "merchant-state-source";
    public static final String MERCHANT_STATE_COPY = "merchant-state-copy";

    public static final String REFERENCE_MERCHANTS_SOURCE = "reference-merchants-source";
    public static final String REFERENCE_CARDS_SOURCE = "reference-cards-source";

    /** Per-card history: one entry per retained event and a summary per card (byte keys, see {@code CardKeys}). */
    public static final String CARD_STORE = "card-history";
    /**
     * Per-merchant history (key: merchant id; value: its newest event time, then {@code MerchantHistory} bytes, see
     * {@code StoredHistory}).
     */
    public static final String MERCHANT_STORE = "merchant-history";
    /**
     * Per-terminal history (key: UTF-8 merchant id, byte {@code 0xFF}, UTF-8 terminal id, see
     * {@code MerchantStage.terminalKey}; value: as in {@link #MERCHANT_STORE}).
     */
    public static final String TERMINAL_STORE = "terminal-history";
    /** Transactions the merchant stage holds until the watermark passes them (key: event time and id; value: the record). */
    public static final String MERCHANT_PENDING_STORE = "merchant-pending";
    /** The latest watermark of each upstream task, in the merchant stage (key: upstream id). */
    public static final String MERCHANT_WATERMARK_STORE = "merchant-watermarks";
    /** Merchant and terminal state keys the merchant stage has changed and not published yet (value: empty). */
    public static final String MERCHANT_UNPUBLISHED_STORE = "merchant-unpublished";
    /**
     * Global store of {@code features.merchant-state}: the published merchant and terminal histories and each merchant
     * partition's watermark ({@link MerchantState}); read by the card tasks.
     */
    public static final String MERCHANT_STATE_STORE = "merchant-state-store";
    /**
     * Transactions a card task holds until the published merchant state reaches their time minus the merchant lag
     * (key: that time and the transaction id; value: the record).
     */
    public static final String MERCHANT_WAITING_STORE = "merchant-waiting";
    /** Global store of {@code reference.merchants}. */
    public static final String MERCHANT_REFERENCE_STORE = "reference-merchants-store";
    /** Global store of {@code reference.cards}. */
    public static final String CARD_REFERENCE_STORE = "reference-cards-store";

    private FeatureNames() {}
}
