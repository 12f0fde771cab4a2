package io.fraudstream.schemas;

import io.fraudstream.schemas.avro.Channel;
import io.fraudstream.schemas.avro.EntryMode;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.LabelSource;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.Verdict;
import java.time.Instant;

/** Test-data builders with named instants: records that read like the payments they stand for. */
public final class TestRecords {

    /** A Tuesday lunchtime in London. */
    public static final Instant LUNCH_TUESDAY = Instant.parse("2025-03-04T12:31:07.250Z");

    public static final Instant INGESTED = LUNCH_TUESDAY.plusMillis(42);
    public static final Instant CHARGEBACK_DAY = Instant.parse("2025-03-20T09:00:00Z");

    private TestRecords() {}

    /** A contactless coffee purchase, every optional field filled. */
    public static Transaction.Builder coffee() {
        return Transaction.newBuilder()
                .setTransactionId("txn-0001-7f3a")
                .setCardToken("ct_5d2c9a41e0b7f6a3c1d8e2b4a6f09c7d")
                .setCardBin("453201")
                .setCardLast4("0366")
                .setMerchantId("m-coffee-42")
                .setTerminalId("t-7")
                .setMerchantCategoryCode("5814")
                .setMerchantCountry("GB")
                .setAmountMinor(450L)
                .setCurrency("GBP")
                .setEventTime(LUNCH_TUESDAY)
                .setChannel(Channel.POS)
                .setEntryMode(EntryMode.CONTACTLESS)
                .setLatitude(51.5136)
                .setLongitude(-0.0983)
                .setIpAddress(null)
                .setDeviceId("dev-9")
                .setSource("generator")
                .setIngestTime(INGESTED);
    }

    /** A chargeback on the coffee purchase, two weeks later. */
    public static FraudLabel.Builder chargeback() {
        return FraudLabel.newBuilder()
                .setTransactionId("txn-0001-7f3a")
                .setCardToken("ct_5d2c9a41e0b7f6a3c1d8e2b4a6f09c7d")
                .setMerchantId("m-coffee-42")
                .setTransactionTime(LUNCH_TUESDAY)
                .setLabelTime(CHARGEBACK_DAY)
                .setVerdict(Verdict.FRAUD)
                .setSource(LabelSource.CHARGEBACK)
                .setFraudType("lost_stolen")
                .setNote("reason code 4837")
                .setTerminalId("t-7");
    }
}
