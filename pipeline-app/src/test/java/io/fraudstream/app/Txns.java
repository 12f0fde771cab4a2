package io.fraudstream.app;

import io.fraudstream.schemas.avro.Channel;
import io.fraudstream.schemas.avro.EntryMode;
import io.fraudstream.schemas.avro.Transaction;
import java.time.Instant;

/** Raw transactions with named instants. */
final class Txns {

    /** A Monday noon, UTC. */
    static final Instant MONDAY_NOON = Instant.parse("2026-03-02T12:00:00Z");

    static final String CARD = "card-1";
    static final String DENIED_CARD = "card-denied";
    static final String MERCHANT = "merchant-1";

    private Txns() {}

    /** A valid EUR POS transaction of {@code card} at {@link #MERCHANT} (MCC 5411, DE), 10.00 EUR. */
    static Transaction tx(String id, String card, Instant at) {
        return Transaction.newBuilder()
                .setTransactionId(id)
                .setCardToken(card)
                .setMerchantId(MERCHANT)
                .setMerchantCategoryCode("5411")
                .setMerchantCountry("DE")
                .setAmountMinor(1_000)
                .setCurrency("EUR")
                .setEventTime(at)
                .setChannel(Channel.POS)
                .setEntryMode(EntryMode.CHIP)
                .build();
    }
}
