package io.fraudstream.featurestream;

import static io.fraudstream.featurestream.Txns.CARD;
import static io.fraudstream.featurestream.Txns.MONDAY_NOON;
import static io.fraudstream.featurestream.Txns.tx;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.features.CardFeatures;
import io.fraudstream.features.CardInputs;
import io.fraudstream.features.FeatureDefinition;
import io.fraudstream.features.FeatureSet;
import io.fraudstream.features.state.CardEvent;
import io.fraudstream.features.state.CardHistory;
import io.fraudstream.features.state.CardKeys;
import io.fraudstream.features.state.CardSnapshot;
import io.fraudstream.featurestream.stages.FeatureNames;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.TransactionFeatures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The card state kept as one store entry per event: the card features are those of the single-entry
 * {@link CardHistory} the card stage kept before (a reference model here, run over the same records), and the bytes
 * written to the card store's changelog per transaction do not grow with the card's activity.
 */
class CardStateTopologyTest {

    private static final String CARD_CHANGELOG = "feature-stream-test-" + FeatureNames.CARD_STORE + "-changelog";
    private static final long MINUTE = 60_000;
    private static final long DAY = Duration.ofDays(1).toMillis();

    /** The card features that come from the card's history (the others depend on the transaction alone). */
    private static final List<FeatureDefinition<CardInputs>> HISTORY_FEATURES = CardFeatures.definitions().stream()
            .filter(d -> d.name().startsWith("card")
                    || Set.of(
                                    "secondsSinceLastTxn",
                                    "amountZScore",
                                    "amountToMeanRatio",
                                    "firstTimeAtMerchant",
                                    "distanceFromPrevKm",
                                    "speedFromPrevKmh")
                            .contains(d.name()))
            .toList();

    @ParameterizedTest(name = "in memory {0}, cap {1}, dedupe window {2} days")
    @CsvSource({"false, 10000, 7", "true, 10000, 7", "false, 25, 2", "true, 25, 30"})
    void shouldComputeTheFeaturesOfTheSingleEntryHistoryForTheSameRecords(boolean inMemory, int cap, int dedupeDays) {
        // given a seeded history of 6 cards over about 190 days with ties, late events within and beyond the grace,
        // events
        // beyond the retention, duplicates and reused ids, and the single-entry history as the reference
        UnaryOperator<FeatureSettings> custom = s -> with(s, inMemory, cap, Duration.ofDays(dedupeDays));
        List<Transaction> input = history(11, 4_000);
        try (FeatureDriver d = new FeatureDriver(custom)) {
            Reference reference = new Reference(d.settings);
            java.util.Map<String, java.util.ArrayDeque<Expected>> expectedByIdAndTime = new java.util.HashMap<>();
            int dropped = 0;
            for (Transaction tx : input) {
                // when each record goes through the topology
                d.send(tx);
                Expected expected = reference.process(tx);
                if (expected == null) {
                    dropped++; // a duplicate
                } else {
                    expectedByIdAndTime
                            .computeIfAbsent(
                                    key(tx.getCardToken(), tx.getTransactionId(), tx.getEventTime()),
                                    k -> new java.util.ArrayDeque<>())
                            .add(expected); // an id reused at the same time: in order
                }
            }
            // then what the reference drops as a duplicate is dropped, and the rest is featured exactly as by it
            List<TransactionFeatures> out = d.features.readValuesToList();
            assertThat(out).hasSize(input.size() - dropped);
            int compared = 0;
            for (TransactionFeatures f : out) {
                Transaction tx = f.getTransaction();
                var queue = expectedByIdAndTime.get(key(tx.getCardToken(), tx.getTransactionId(), f.getEventTime()));
                Expected expected = queue == null ? null : queue.poll();
                assertThat(expected)
                        .as("featured but not expected: %s", tx.getTransactionId())
                        .isNotNull();
                assertSameCardFeatures(f, expected, tx);
                compared++;
            }
            assertThat(compared).isGreaterThan(3_000);
            assertThat(reference.duplicates).isGreaterThan(10);
            assertThat(reference.outOfOrder).isGreaterThan(10);
            if (cap < 10_000) {
                assertThat(reference.capped).isGreaterThan(100);
            }
        }
    }

    /** A featured transaction's identity: the same id may come again on another card, or after the dedupe window. */
    private static String key(String card, String id, java.time.Instant eventTime) {
        return card + "/" + id + "@" + eventTime.toEpochMilli();
    }

    @Test
    void shouldWriteTheSameChangelogBytesPerTransactionWhateverTheCardsActivity() {
        try (FeatureDriver d = new FeatureDriver()) {
            TestOutputTopic<byte[], byte[]> changelog = d.driver.createOutputTopic(
                    CARD_CHANGELOG, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            // given a card with 60 transactions a day for 40 days (2,400 in all; 1,800 retained in 30 days)
            long start = MONDAY_NOON.minus(Duration.ofDays(40)).toEpochMilli();
            List<Long> bytes = new ArrayList<>();
            for (int i = 0; i < 2_400; i++) {
                d.send(tx("t" + i, Instant.ofEpochMilli(start + i * 24 * MINUTE))
                        .setAmountMinor(100 + i % 977)
                        .setMerchantId("m" + i % 37)
                        .setLatitude(48.0 + i % 10 / 10.0)
                        .setLongitude(2.0));
                // when its transactions are written
                bytes.add(changelog.readRecordsToList().stream()
                        .mapToLong(CardStateTopologyTest::size)
                        .sum());
            }
            // then each writes one event and one summary (and, once the card is 30 days old, deletes one event):
            // under 200 bytes, the same for the 10th and the 2,400th (a whole 30-day history is about 50 KB)
            assertThat(bytes).allSatisfy(b -> assertThat(b).isLessThan(200L));
            double early = bytes.subList(10, 110).stream()
                    .mapToLong(Long::longValue)
                    .average()
                    .orElseThrow();
            double late = bytes.subList(2_300, 2_400).stream()
                    .mapToLong(Long::longValue)
                    .average()
                    .orElseThrow();
            assertThat(late).isLessThan(early + 40);
        }
    }

    @Test
    void shouldPurgeAnIdleCardsEventsAndSummary() {
        try (FeatureDriver d = new FeatureDriver()) {
            // given a card with 20 transactions, then only another card for 31 days
            for (int i = 0; i < 20; i++) {
                d.send(tx("t" + i, MONDAY_NOON.plusSeconds(60L * i)));
            }
            d.send(tx("other", MONDAY_NOON.plus(Duration.ofDays(31))).setCardToken("card-2"));
            assertThat(entries(d)).hasSize(20 + 1 + 1 + 1);
            // when the purge runs
            d.driver.advanceWallClockTime(d.settings.purgeInterval());
            // then only the other card's event and summary are left
            assertThat(entries(d))
                    .containsExactlyInAnyOrder(
                            Bytes.wrap(CardKeys.of("card-2").summary()),
                            Bytes.wrap(CardKeys.of("card-2")
                                    .event(MONDAY_NOON.plus(Duration.ofDays(31)).toEpochMilli(), 0)));
        }
    }

    @Test
    void shouldConvertAHistoryOfThePreviousFormatOnTheCardsNextTransaction() {
        // given the same three transactions sent to one stream, and stored in the previous format for another
        List<Transaction> earlier = List.of(
                tx("a", MONDAY_NOON).setAmountMinor(100).build(),
                tx("b", MONDAY_NOON.plusSeconds(60))
                        .setAmountMinor(300)
                        .setMerchantId("m2")
                        .build(),
                tx("c", MONDAY_NOON.plusSeconds(60))
                        .setAmountMinor(200)
                        .setLatitude(51.5)
                        .setLongitude(-0.12)
                        .build());
        Transaction next = tx("d", MONDAY_NOON.plusSeconds(120))
                .setAmountMinor(400)
                .setLatitude(48.85)
                .setLongitude(2.35)
                .build();
        CardHistory legacy = CardHistory.empty();
        earlier.forEach(t -> legacy.add(event(t)));
        TransactionFeatures expected;
        Map<Bytes, Bytes> expectedState;
        try (FeatureDriver sent = new FeatureDriver()) {
            earlier.forEach(sent::send);
            sent.features.readValuesToList();
            sent.send(next);
            expected = sent.one();
            expectedState = contents(sent);
        }
        try (FeatureDriver stored = new FeatureDriver()) {
            stored.cardStore().put(Bytes.wrap(CardKeys.of(CARD).legacy()), legacy.encode());
            // when the next transaction comes
            stored.send(next);
            // then it has the same card features, the same state, and the previous format's entry is gone
            TransactionFeatures actual = stored.one();
            for (FeatureDefinition<CardInputs> d : HISTORY_FEATURES) {
                assertThat(actual.get(FeatureSet.fieldPosition(d.name())))
                        .as(d.name())
                        .isEqualTo(expected.get(FeatureSet.fieldPosition(d.name())));
            }
            assertThat(actual.getCardTxnCount1h()).isEqualTo(4);
            assertThat(actual.getDistanceFromPrevKm()).isNotNull();
            assertThat(stored.cardStore().get(Bytes.wrap(CardKeys.of(CARD).legacy())))
                    .isNull();
            assertThat(contents(stored)).isEqualTo(expectedState);
        }
    }

    // ---- the reference: the card stage as it was, with the whole history in one entry ---------------------------

    private record Expected(CardSnapshot snapshot, boolean outOfOrder) {}

    /** The card stage before one entry per event: decode the card's history, dedupe, snapshot, add, evict. */
    private static final class Reference {
        private final FeatureSettings settings;
        private final Map<String, CardHistory> histories = new HashMap<>();
        int duplicates;
        int outOfOrder;
        int capped;

        Reference(FeatureSettings settings) {
            this.settings = settings;
        }

        Expected process(Transaction tx) {
            CardHistory history = histories.computeIfAbsent(tx.getCardToken(), k -> CardHistory.empty());
            long t = tx.getEventTime().toEpochMilli();
            if (history.isDuplicate(
                    io.fraudstream.features.state.Hash64.of(tx.getTransactionId()),
                    t,
                    settings.dedupeWindow().toMillis())) {
                duplicates++;
                return null;
            }
            boolean late = history.size() > 0
                    && t < history.maxTime() - settings.grace().toMillis();
            outOfOrder += late ? 1 : 0;
            CardEvent e = event(tx);
            CardSnapshot snapshot = history.snapshot(e);
            history.add(e);
            capped += history.evict(settings.cardRetentionMs(), settings.cardMaxEvents());
            return new Expected(snapshot, late);
        }
    }

    private static CardEvent event(Transaction tx) {
        return CardEvent.of(
                tx.getEventTime().toEpochMilli(),
                tx.getAmountMinor(),
                tx.getMerchantId(),
                tx.getTransactionId(),
                tx.getLatitude(),
                tx.getLongitude());
    }

    private static void assertSameCardFeatures(TransactionFeatures actual, Expected expected, Transaction tx) {
        CardInputs inputs = new CardInputs(
                tx,
                tx.getAmountMinor(),
                false,
                false,
                false,
                tx.getLatitude() == null,
                null,
                null,
                expected.snapshot());
        for (FeatureDefinition<CardInputs> d : HISTORY_FEATURES) {
            assertThat(actual.get(FeatureSet.fieldPosition(d.name())))
                    .as("%s of %s", d.name(), tx.getTransactionId())
                    .isEqualTo(d.computeFor(inputs));
        }
        assertThat(actual.getOutOfOrder())
                .as("outOfOrder of %s", tx.getTransactionId())
                .isEqualTo(expected.outOfOrder());
    }

    // ---- traffic ------------------------------------------------------------------------------------------------

    /**
     * {@code n} EUR transactions of 6 cards (one with half of them) from 200 days before Monday noon, event time
     * moving on by up to 3 hours; some at the same time as the previous one, some late within the 5-minute grace, some
     * up to 2 days late, some 31 to 40 days late; some sent twice, some reusing an old id at a new time.
     */
    private static List<Transaction> history(long seed, int n) {
        Random r = new Random(seed);
        List<Transaction> out = new ArrayList<>();
        long now = MONDAY_NOON.minus(Duration.ofDays(200)).toEpochMilli();
        for (int i = 0; i < n; i++) {
            int roll = r.nextInt(100);
            if (roll < 3 && !out.isEmpty()) {
                out.add(out.get(r.nextInt(out.size())));
                continue;
            }
            String card = r.nextBoolean() ? "card-0" : "card-" + (1 + r.nextInt(5));
            String id =
                    roll < 5 && !out.isEmpty() ? out.get(r.nextInt(out.size())).getTransactionId() : "t" + i;
            long t;
            if (roll < 15) {
                t = now;
            } else if (roll < 20) {
                t = now - r.nextInt((int) (5 * MINUTE));
            } else if (roll < 23) {
                t = now - r.nextLong(2 * DAY);
            } else if (roll < 24) {
                t = now - 31 * DAY - r.nextLong(9 * DAY);
            } else {
                now += r.nextLong(3 * 60 * MINUTE);
                t = now;
            }
            var b = tx(id, Instant.ofEpochMilli(t))
                    .setCardToken(card)
                    .setMerchantId("m" + r.nextInt(12))
                    .setAmountMinor(1 + r.nextInt(r.nextBoolean() ? 5_000 : 500_000));
            if (r.nextInt(3) > 0) {
                b.setLatitude(-60 + r.nextInt(120_000_000) / 1e6).setLongitude(-170 + r.nextInt(340_000_000) / 1e6);
            }
            out.add(b.build());
        }
        return out;
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static FeatureSettings with(FeatureSettings s, boolean inMemory, int cap, Duration dedupe) {
        return new FeatureSettings(
                s.currencies(),
                s.outlierCapMinor(),
                s.earliestEventTime(),
                s.maxFutureSkew(),
                s.grace(),
                dedupe,
                cap,
                s.merchantMaxTransactions(),
                s.merchantMaxLabels(),
                s.merchantPartitions(),
                s.purgeInterval(),
                inMemory,
                s.clock(),
                s.ordering());
    }

    private static long size(TestRecord<byte[], byte[]> r) {
        return (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
    }

    private static Map<Bytes, Bytes> contents(FeatureDriver d) {
        Map<Bytes, Bytes> contents = new HashMap<>();
        try (KeyValueIterator<Bytes, byte[]> it = d.cardStore().all()) {
            it.forEachRemaining((KeyValue<Bytes, byte[]> kv) -> contents.put(kv.key, Bytes.wrap(kv.value)));
        }
        return contents;
    }

    private static List<Bytes> entries(FeatureDriver d) {
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = d.cardStore().all()) {
            it.forEachRemaining((KeyValue<Bytes, byte[]> kv) -> keys.add(kv.key));
        }
        return keys;
    }
}
