package io.fraudstream.featurestream;

import io.fraudstream.schemas.avro.CardProfile;
import io.fraudstream.schemas.avro.CardType;
import io.fraudstream.schemas.avro.Channel;
import io.fraudstream.schemas.avro.EntryMode;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.LabelSource;
import io.fraudstream.schemas.avro.MerchantProfile;
import io.fraudstream.schemas.avro.RiskTier;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.Verdict;
import java.time.Duration;
import java.time.Instant;

/** Test data: named instants and builders for transactions, labels and reference profiles. */
final class Txns {

    /** A Monday noon, UTC. */
    static final Instant MONDAY_NOON = Instant.parse("2026-03-02T12:00:00Z");
    /** The wall clock of the tests: a day after Monday noon. */
    static final Instant NOW = MONDAY_NOON.plus(Duration.ofDays(40));

    static final String CARD = "card-1";
    static final String MERCHANT = "merchant-1";

    private Txns() {}

    /** A valid EUR POS transaction of {@code CARD} at {@code MERCHANT} (MCC 5411, DE), 10.00 EUR. */
    static Transaction.Builder tx(String id, Instant at) {
        return Transaction.newBuilder()
                .setTransactionId(id)
                .setCardToken(CARD)
                .setMerchantId(MERCHANT)
                .setMerchantCategoryCode("5411")
                .setMerchantCountry("DE")
                .setAmountMinor(1_000)
                .setCurrency("EUR")
                .setEventTime(at)
                .setChannel(Channel.POS)
                .setEntryMode(EntryMode.CHIP);
    }

    static FraudLabel label(String txId, Instant txTime, Instant knownAt, Verdict verdict) {
        return FraudLabel.newBuilder()
                .setTransactionId(txId)
                .setCardToken(CARD)
                .setMerchantId(MERCHANT)
                .setTransactionTime(txTime)
                .setLabelTime(knownAt)
                .setVerdict(verdict)
                .setSource(LabelSource.CHARGEBACK)
                .build();
    }

    /** A label on a transaction at terminal {@code terminalId} of {@code MERCHANT}, carrying the terminal id (or not: null). */
    static FraudLabel label(String txId, Instant txTime, Instant knownAt, Verdict verdict, String terminalId) {
        FraudLabel l = label(txId, txTime, knownAt, verdict);
        l.setTerminalId(terminalId);
        return l;
    }

    static MerchantProfile merchant(String id, String mcc, String country, RiskTier tier) {
        return MerchantProfile.newBuilder()
                .setMerchantId(id)
                .setMerchantCategoryCode(mcc)
                .setCountry(country)
                .setRiskTier(tier)
                .setUpdatedAt(MONDAY_NOON)
                .build();
    }

    static CardProfile card(String token, String country, Double lat, Double lon) {
        return CardProfile.newBuilder()
                .setCardToken(token)
                .setHomeCountry(country)
                .setHomeLatitude(lat)
                .setHomeLongitude(lon)
                .setCardType(CardType.CREDIT)
                .setUpdatedAt(MONDAY_NOON)
                .build();
    }
}
