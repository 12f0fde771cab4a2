package io.fraudstream.featurestream;

import static io.fraudstream.featurestream.Txns.MONDAY_NOON;
import static io.fraudstream.featurestream.Txns.tx;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.features.state.CardKeys;
import io.fraudstream.features.state.MerchantHistory;
import io.fraudstream.featurestream.stages.FeatureNames;
import io.fraudstream.featurestream.stages.MerchantState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The wall-clock purges of the card and merchant stages through the whole topology: the state of cards, merchants and
 * terminals idle for longer than their retention (relative to stream time) goes, from the local stores and from the
 * published merchant state; live state stays and still serves features.
 */
class StatePurgeTopologyTest {

    /** Older than the merchant retention (about 67 days) and the card retention (30 days and the grace). */
    private static final Instant LONG_AGO = MONDAY_NOON.minus(Duration.ofDays(80));

    @Test
    void shouldPurgeIdleCardsMerchantsAndTerminalsAndKeepLiveOnes() {
        try (FeatureDriver d = new FeatureDriver()) {
            // Given a card, a merchant and terminals last seen 80 days before the newest transaction
            d.send(tx("old-1", LONG_AGO)
                    .setCardToken("card-idle")
                    .setMerchantId("merchant-idle")
                    .setTerminalId("T1"));
            d.send(tx("old-2", LONG_AGO.plusSeconds(60))
                    .setCardToken("card-idle")
                    .setMerchantId("merchant-live")
                    .setTerminalId("T0"));
            // and a merchant seen then and now, with a terminal seen now
            d.send(tx("new", MONDAY_NOON)
                    .setCardToken("card-live")
                    .setMerchantId("merchant-live")
                    .setTerminalId("T1"));
            // and two histories stored by an earlier version (no newest-time header), one idle, one live
            merchantStore(d).put("legacy-idle", history(LONG_AGO));
            merchantStore(d).put("legacy-live", history(MONDAY_NOON.minus(Duration.ofDays(2))));
            assertThat(d.features.readValuesToList()).hasSize(3);
            assertThat(cardsIn(d)).containsExactlyInAnyOrder("card-idle", "card-live");
            assertThat(published(d, MerchantState.merchantKey("merchant-idle"))).isNotNull();

            // When the purges run
            d.driver.advanceWallClockTime(d.settings.purgeInterval());
            d.releaseHeld();

            // Then the idle card, merchants and terminals are gone, locally and from the published state
            CardKeys live = CardKeys.of("card-live");
            assertThat(keys(d.cardStore()))
                    .containsExactlyInAnyOrder(
                            Bytes.wrap(live.summary()), Bytes.wrap(live.event(MONDAY_NOON.toEpochMilli(), 0)));
            assertThat(keys(merchantStore(d))).containsExactlyInAnyOrder("merchant-live", "legacy-live");
            assertThat(keys(terminalStore(d)).stream().map(StatePurgeTopologyTest::terminal))
                    .containsExactly("merchant-live/T1");
            assertThat(published(d, MerchantState.merchantKey("merchant-idle"))).isNull();
            assertThat(published(d, MerchantState.terminalKey("merchant-idle", "T1")))
                    .isNull();
            assertThat(published(d, MerchantState.terminalKey("merchant-live", "T0")))
                    .isNull();
            assertThat(published(d, MerchantState.merchantKey("merchant-live"))).isNotNull();
            assertThat(published(d, MerchantState.terminalKey("merchant-live", "T1")))
                    .isNotNull();

            // and the live state still serves features, the earlier version's history included
            d.send(tx("next", MONDAY_NOON.plus(Duration.ofHours(1)))
                    .setCardToken("card-live")
                    .setMerchantId("merchant-live")
                    .setTerminalId("T1"));
            var next = d.one();
            assertThat(next.getCardTxnCount24h())
                    .as("the card's earlier transaction and this one")
                    .isEqualTo(2);
            assertThat(next.getMerchantTxnCount1d()).isEqualTo(1);
            assertThat(next.getTerminalTxnCount1d()).isEqualTo(1);
            d.send(tx("legacy", MONDAY_NOON.plus(Duration.ofHours(2)))
                    .setCardToken("card-2")
                    .setMerchantId("legacy-live"));
            assertThat(d.one().getMerchantTxnCount7d()).isEqualTo(1);
        }
    }

    private static byte[] history(Instant transactionAt) {
        MerchantHistory h = MerchantHistory.empty();
        h.addTransaction(transactionAt.toEpochMilli());
        return h.encode();
    }

    private static KeyValueStore<String, byte[]> merchantStore(FeatureDriver d) {
        return d.driver.getKeyValueStore(FeatureNames.MERCHANT_STORE);
    }

    private static KeyValueStore<Bytes, byte[]> terminalStore(FeatureDriver d) {
        return d.driver.getKeyValueStore(FeatureNames.TERMINAL_STORE);
    }

    private static byte[] published(FeatureDriver d, Bytes key) {
        KeyValueStore<Bytes, byte[]> state = d.driver.getKeyValueStore(FeatureNames.MERCHANT_STATE_STORE);
        return state.get(key);
    }

    /** The cards with a summary in the card store. */
    private static List<String> cardsIn(FeatureDriver d) {
        return keys(d.cardStore()).stream()
                .map(Bytes::get)
                .filter(k -> k[0] == CardKeys.SUMMARY)
                .map(CardKeys::cardOfSummary)
                .toList();
    }

    private static <K> List<K> keys(KeyValueStore<K, byte[]> store) {
        List<K> keys = new ArrayList<>();
        try (KeyValueIterator<K, byte[]> it = store.all()) {
            it.forEachRemaining((KeyValue<K, byte[]> kv) -> keys.add(kv.key));
        }
        return keys;
    }

    /** A terminal store key (merchant id, byte 0xFF, terminal id) as "merchant/terminal". */
    private static String terminal(Bytes key) {
        byte[] k = key.get();
        int separator = 0;
        while (k[separator] != (byte) 0xFF) {
            separator++;
        }
        return new String(k, 0, separator, StandardCharsets.UTF_8) + "/"
                + new String(Arrays.copyOfRange(k, separator + 1, k.length), StandardCharsets.UTF_8);
    }
}
