package io.fraudstream.trainer;

import io.fraudstream.features.FeatureDefinition;
import io.fraudstream.features.FeatureSet;
import io.fraudstream.schemas.avro.Channel;
import io.fraudstream.schemas.avro.EntryMode;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.LabelSource;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.schemas.avro.Verdict;
import java.time.Duration;
import java.time.Instant;

/**
 * Test records with named instants: featured transactions whose features all hold {@code level} (nullable ones
 * missing when {@code level} is negative), and labels.
 */
public final class TestFeatures {

    /** The start of every test history. */
    public static final Instant DAY_0 = Instant.parse("2025-03-01T00:00:00Z");

    private TestFeatures() {}

    /** {@link #DAY_0} plus {@code days} days. */
    public static Instant day(double days) {
        return DAY_0.plusMillis((long) (days * Duration.ofDays(1).toMillis()));
    }

    /** A featured transaction of the current feature-set version. */
    public static TransactionFeatures transaction(String id, String card, Instant eventTime, double level) {
        return transaction(id, card, eventTime, level, FeatureSet.VERSION);
    }

    /** A featured transaction of {@code version}. */
    public static TransactionFeatures transaction(
            String id, String card, Instant eventTime, double level, String version) {
        Transaction t = new Transaction();
        t.setTransactionId(id);
        t.setCardToken(card);
        t.setMerchantId("merchant-1");
        t.setAmountMinor(1234L);
        t.setCurrency("EUR");
        t.setEventTime(eventTime);
        t.setChannel(Channel.POS);
        t.setEntryMode(EntryMode.CHIP);
        t.setSource("test");
        TransactionFeatures f = new TransactionFeatures();
        f.setTransaction(t);
        f.setFeatureSetVersion(version);
        f.setEventTime(eventTime);
        f.setOutOfOrder(false);
        f.setBaseCurrency("EUR");
        for (FeatureDefinition<?> d : FeatureSet.all()) {
            f.put(FeatureSet.fieldPosition(d.name()), d.nullable() && level < 0 ? null : value(d, Math.abs(level)));
        }
        return f;
    }

    private static Object value(FeatureDefinition<?> d, double level) {
        return switch (d.type()) {
            case INT -> (int) Math.round(level);
            case LONG -> Math.round(level);
            case DOUBLE -> level;
            case BOOLEAN -> level >= 0.5;
        };
    }

    /** A label of transaction {@code id}, known at {@code labelTime}. */
    public static FraudLabel label(String id, Instant transactionTime, Instant labelTime, Verdict verdict) {
        FraudLabel l = new FraudLabel();
        l.setTransactionId(id);
        l.setCardToken("card");
        l.setMerchantId("merchant-1");
        l.setTransactionTime(transactionTime);
        l.setLabelTime(labelTime);
        l.setVerdict(verdict);
        l.setSource(LabelSource.ANALYST);
        return l;
    }
}
