package io.fraudstream.scoring;

import io.fraudstream.features.FeatureDefinition;
import io.fraudstream.features.FeatureSet;
import io.fraudstream.schemas.avro.Channel;
import io.fraudstream.schemas.avro.EntryMode;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.TransactionFeatures;
import java.time.Instant;

/** Featured transactions with named instants: every feature 0 (nullable ones missing) unless set. */
final class Txns {

    static final Instant MONDAY_NOON = Instant.parse("2025-03-03T12:00:00Z");
    static final String RISK_FEATURE = io.fraudstream.models.TestModels.RISK_FEATURE;

    private Txns() {}

    /** An ordinary transaction of the current feature-set version. */
    static TransactionFeatures txn(String id, String card) {
        Transaction t = new Transaction();
        t.setTransactionId(id);
        t.setCardToken(card);
        t.setMerchantId("merchant-1");
        t.setMerchantCategoryCode("5411");
        t.setAmountMinor(1234L);
        t.setCurrency("EUR");
        t.setEventTime(MONDAY_NOON);
        t.setChannel(Channel.POS);
        t.setEntryMode(EntryMode.CHIP);
        t.setSource("test");
        TransactionFeatures f = new TransactionFeatures();
        f.setTransaction(t);
        f.setFeatureSetVersion(FeatureSet.VERSION);
        f.setEventTime(MONDAY_NOON);
        f.setBaseCurrency("EUR");
        f.setAmountBaseMinor(1234L);
        for (FeatureDefinition<?> d : FeatureSet.all()) {
            f.put(FeatureSet.fieldPosition(d.name()), d.nullable() ? null : zero(d));
        }
        return f;
    }

    /** A transaction the test models score high ({@value #RISK_FEATURE} = 6). */
    static TransactionFeatures risky(String id, String card) {
        return with(txn(id, card), RISK_FEATURE, 6.0);
    }

    /** A transaction the test models score low ({@value #RISK_FEATURE} = -1). */
    static TransactionFeatures safe(String id, String card) {
        return with(txn(id, card), RISK_FEATURE, -1.0);
    }

    /** {@code f} with feature field {@code name} set. */
    static TransactionFeatures with(TransactionFeatures f, String name, Object value) {
        f.put(FeatureSet.fieldPosition(name), value);
        return f;
    }

    private static Object zero(FeatureDefinition<?> d) {
        return switch (d.type()) {
            case INT -> 0;
            case LONG -> 0L;
            case DOUBLE -> 0.0;
            case BOOLEAN -> false;
        };
    }
}
