package io.fraudstream.featurestream.stages;

import io.fraudstream.features.FeatureSet;
import io.fraudstream.features.state.CardEvent;
import io.fraudstream.features.state.CardHistory;
import io.fraudstream.featurestream.FeatureSettings;
import io.fraudstream.featurestream.FeatureStreamMetrics;
import io.fraudstream.featurestream.cleaning.CleanedTransaction;
import io.fraudstream.schemas.avro.Channel;
import io.fraudstream.schemas.avro.EntryMode;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.LabelSource;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.schemas.avro.Verdict;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The merchant stage on its own, fed as two card-stage tasks and one label task would feed it: events are applied in
 * event-time order up to the smallest watermark of the upstream tasks that are not idle, whatever order they arrive in.
 */
class MerchantStageTest {

    private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
    private static final String CARD_TASK_0 = Watermarks.upstreamId(Watermarks.TRANSACTIONS, 0);
    private static final String CARD_TASK_1 = Watermarks.upstreamId(Watermarks.TRANSACTIONS, 1);
    private static final String LABEL_TASK = Watermarks.upstreamId(Watermarks.LABELS, 0);

    private final FeatureStreamMetrics metrics = FeatureStreamMetrics.noop();
    private final MutableClock clock = new MutableClock(T0);
    private final MockProcessorContext<String, TransactionFeatures> context = new MockProcessorContext<>();
    private final MerchantStage stage;

    MerchantStageTest() {
        FeatureSettings settings = FeatureSettings.defaults(clock, 1);
        for (String name : List.of(FeatureNames.MERCHANT_STORE, FeatureNames.MERCHANT_WATERMARK_STORE)) {
            addStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                    .withLoggingDisabled().build());
        }
        for (String name : List.of(FeatureNames.MERCHANT_PENDING_STORE, FeatureNames.TERMINAL_STORE)) {
            addStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                    .withLoggingDisabled().build());
        }
        stage = new MerchantStage(settings, metrics, Set.of(CARD_TASK_0, CARD_TASK_1, LABEL_TASK));
        stage.init(context);
    }

    private <K, V> void addStore(KeyValueStore<K, V> store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    private static TransactionFeatures tx(String id, long secondsAfterT0) {
        return tx(id, secondsAfterT0, null);
    }

    private static TransactionFeatures tx(String id, long secondsAfterT0, String terminalId) {
        Instant at = T0.plusSeconds(secondsAfterT0);
        Transaction t = Transaction.newBuilder().setTransactionId(id).setCardToken("card-" + id).setMerchantId("m")
                .setTerminalId(terminalId).setAmountMinor(1_000).setCurrency("EUR").setEventTime(at).setChannel(Channel.POS).setEntryMode(EntryMode.CHIP)
                .build();
        CleanedTransaction cleaned = new CleanedTransaction(t, 1_000, false, 1_000);
        CardEvent event = CardEvent.of(at.toEpochMilli(), 1_000, "m", id, null, null);
        return CardStage.features(new EnrichedTransaction(cleaned, null, null), CardHistory.empty().snapshot(event), false, "EUR");
    }

    private void send(TransactionFeatures f) {
        stage.process(new Record<>("m", MerchantEvent.transaction(f), f.getEventTime().toEpochMilli()));
    }

    private void label(String txId, long txSeconds, long knownSeconds) {
        label(txId, txSeconds, knownSeconds, null);
    }

    private void label(String txId, long txSeconds, long knownSeconds, String terminalId) {
        FraudLabel l = FraudLabel.newBuilder().setTransactionId(txId).setCardToken("card-" + txId).setMerchantId("m")
                .setTerminalId(terminalId).setTransactionTime(T0.plusSeconds(txSeconds)).setLabelTime(T0.plusSeconds(knownSeconds))
                .setVerdict(Verdict.FRAUD).setSource(LabelSource.CHARGEBACK).build();
        stage.process(new Record<>("m", MerchantEvent.label(l), l.getLabelTime().toEpochMilli()));
    }

    private void watermark(String upstream, long secondsAfterT0, boolean idle) {
        long time = T0.plusSeconds(secondsAfterT0).toEpochMilli();
        stage.process(new Record<>(upstream, MerchantEvent.watermark(upstream, time, idle), Math.max(0, time)));
    }

    /** Every upstream task passes {@code secondsAfterT0}. */
    private void passAll(long secondsAfterT0) {
        watermark(CARD_TASK_0, secondsAfterT0, false);
        watermark(CARD_TASK_1, secondsAfterT0, false);
        watermark(LABEL_TASK, secondsAfterT0, false);
    }

    private List<TransactionFeatures> emitted() {
        List<TransactionFeatures> out = context.forwarded().stream().<TransactionFeatures>map(f -> f.record().value()).toList();
        context.resetForwards();
        return out;
    }

    @Test
    void shouldHoldTransactionsUntilEveryUpstreamTaskHasPassedThemAndApplyThemInEventTimeOrder() {
        // Given the card task 0 ran ahead: its transaction at +20 s arrives before card task 1's at +10 s
        send(tx("late-partition-ahead", 20));
        send(tx("slow-partition", 10));
        watermark(CARD_TASK_0, 20, false);
        watermark(LABEL_TASK, -1_000_000_000L, true); // a label task that never had input
        // Then nothing is applied while card task 1 has not reported
        assertThat(emitted()).isEmpty();
        assertThat(metrics.held()).isEqualTo(2);
        // When card task 1 passes +10 s, only what every task has passed is applied
        watermark(CARD_TASK_1, 10, false);
        assertThat(emitted()).extracting(f -> f.getTransaction().getTransactionId()).containsExactly("slow-partition");
        // and when it passes +20 s, the other one follows, counting the earlier one
        watermark(CARD_TASK_1, 25, false);
        List<TransactionFeatures> out = emitted();
        assertThat(out).extracting(f -> f.getTransaction().getTransactionId()).containsExactly("late-partition-ahead");
        assertThat(out.get(0).getMerchantTxnCount1d()).as("it sees the earlier transaction that arrived after it").isEqualTo(2);
        assertThat(out.get(0).getOutOfOrder()).isFalse();
        assertThat(metrics.held()).isZero();
    }

    @Test
    void shouldMeasureHowLongEachTransactionWaitedForTheWatermarks() {
        // Given a transaction held while card task 1 is behind
        send(tx("held", 10));
        watermark(CARD_TASK_0, 20, false);
        watermark(LABEL_TASK, 20, false);
        // When card task 1 passes it 750 ms later (wall clock)
        clock.advance(Duration.ofMillis(750));
        watermark(CARD_TASK_1, 20, false);
        // and a transaction every task has already passed comes next (applied at once)
        send(tx("at-once", 15));
        // Then the hold time recorded is 750 ms for the first and 0 for the second
        Timer hold = metrics.registry().get(FeatureStreamMetrics.HOLD).timer();
        assertThat(hold.count()).isEqualTo(2);
        assertThat(hold.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(750.0);
        assertThat(hold.max(TimeUnit.MILLISECONDS)).isEqualTo(750.0);
        assertThat(emitted()).extracting(f -> f.getTransaction().getTransactionId()).containsExactly("held", "at-once");
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void shouldReportNoWatermarkLagUntilEveryUpstreamHasSentOneAndLeaveTheGaugesWhenClosed() {
        // Given a held transaction and two of the three upstream tasks reporting
        send(tx("held", 10));
        watermark(CARD_TASK_0, 20, false);
        watermark(CARD_TASK_1, 20, false);
        // Then the stage has no watermark yet: the lag is not a number (not Long.MIN_VALUE's 292 million years)
        assertThat(metrics.watermarkLagMs()).isNaN();
        assertThat(metrics.held()).isEqualTo(1);
        // When the last one reports, the lag is the wall clock minus the watermark
        watermark(LABEL_TASK, 20, false);
        assertThat(metrics.held()).isZero();
        assertThat(metrics.watermarkLagMs()).isNotNaN();
        // When the task is closed here (moved to another instance), it leaves the gauges
        send(tx("held-again", 30));
        stage.close();
        assertThat(metrics.held()).isZero();
        assertThat(metrics.watermarkLagMs()).isNaN();
    }

    @Test
    void shouldOrderTiesByTransactionIdAndNotLetThemCountEachOther() {
        send(tx("b", 10));
        send(tx("a", 10));
        watermark(CARD_TASK_0, 10, false);
        watermark(CARD_TASK_1, 10, false);
        watermark(LABEL_TASK, 10, false);
        List<TransactionFeatures> out = emitted();
        assertThat(out).extracting(f -> f.getTransaction().getTransactionId()).containsExactly("a", "b");
        assertThat(out).extracting(TransactionFeatures::getMerchantTxnCount1d).containsExactly(1, 1);
    }

    @Test
    void shouldWaitForTheLabelTaskSoThatALabelArrivingAfterTheTransactionStillCounts() {
        // Given a fraud label received at +100 s, and a transaction at +200 s that arrives before the label
        send(tx("t1", 0));
        send(tx("t2", 200));
        watermark(CARD_TASK_0, 200, false);
        watermark(CARD_TASK_1, 200, true);
        watermark(LABEL_TASK, 50, false);
        assertThat(emitted()).extracting(f -> f.getTransaction().getTransactionId()).containsExactly("t1");
        // When the label arrives and the label task passes +200 s
        label("t1", 0, 100);
        watermark(LABEL_TASK, 300, false);
        // Then t2 sees it: one fraud label received in the last day
        assertThat(emitted()).singleElement().satisfies(f -> assertThat(f.getMerchantFraudLabels1d()).isEqualTo(1));
    }

    @Test
    void shouldKeepOneHistoryPerTerminalOfTheMerchantAppliedInEventTimeOrder() {
        // Given transactions at two terminals and one without a terminal, arriving out of event-time order
        send(tx("a2", 30, "T-A"));
        send(tx("b1", 20, "T-B"));
        send(tx("a1", 10, "T-A"));
        send(tx("none", 40, null));
        send(tx("a3", 50, "T-A"));
        // When every upstream passes them
        passAll(60);
        // Then each terminal counts its own transactions before it, the merchant all of them
        List<TransactionFeatures> out = emitted();
        assertThat(out).extracting(f -> f.getTransaction().getTransactionId()).containsExactly("a1", "b1", "a2", "none", "a3");
        assertThat(out).extracting(TransactionFeatures::getTerminalTxnCount1d).containsExactly(1, 1, 2, null, 3);
        assertThat(out).extracting(TransactionFeatures::getMerchantTxnCount1d).containsExactly(1, 2, 3, 4, 5);
        // and a transaction without a terminal id has every terminal feature missing
        assertThat(out.get(3)).satisfies(f -> {
            assertThat(f.getTerminalTxnCount30d()).isNull();
            assertThat(f.getTerminalFraudShareDelayed30d()).isNull();
            assertThat(f.getTerminalFraudLabels7d()).isNull();
        });
    }

    @Test
    void shouldCountALabelForItsTerminalOnlyWhenItCarriesTheTerminalId() {
        long day = 86_400;
        long delay = FeatureSet.LABEL_DELAY.toSeconds();
        // Given two fraudulent transactions at terminal T-A, one labelled with its terminal id and one without
        send(tx("f1", 0, "T-A"));
        send(tx("f2", 1, "T-A"));
        send(tx("ok", 2, "T-A"));
        passAll(2);
        emitted();
        label("f1", 0, day, "T-A");
        label("f2", 1, day, null);
        // When a transaction at T-A after the labels are known, once its shifted window (t - d - 1 d, t - d] holds them
        send(tx("later", delay + day / 2, "T-A"));
        passAll(delay + day);
        // Then the merchant counts both labels, the terminal the one that names it
        assertThat(emitted()).singleElement().satisfies(f -> {
            assertThat(f.getMerchantFraudShareDelayed1d()).isEqualTo(2.0 / 3);
            assertThat(f.getTerminalFraudShareDelayed1d()).isEqualTo(1.0 / 3);
            assertThat(f.getMerchantFraudLabels7d()).isEqualTo(2);
            assertThat(f.getTerminalFraudLabels7d()).isEqualTo(1);
            assertThat(f.getTerminalTxnCount30d()).isEqualTo(4);
        });
    }

    @Test
    void shouldKeyTerminalsUnambiguouslyWhateverTheIdsHold() {
        assertThat(MerchantStage.terminalKey("m\u0000x", "t")).isNotEqualTo(MerchantStage.terminalKey("m", "x\u0000t"));
        assertThat(MerchantStage.terminalKey("m-", "t")).isNotEqualTo(MerchantStage.terminalKey("m", "-t"));
        assertThat(MerchantStage.terminalKey("m", "t")).isEqualTo(MerchantStage.terminalKey("m", "t"));
    }

    @Test
    void shouldNotWaitForIdleTasksAndReleaseEverythingWhenAllAreIdle() {
        send(tx("t1", 5));
        watermark(CARD_TASK_0, 5, false);
        watermark(CARD_TASK_1, 0, true);
        watermark(LABEL_TASK, 0, true);
        assertThat(emitted()).hasSize(1);
        send(tx("t2", 9));
        watermark(CARD_TASK_0, 7, true);
        assertThat(emitted()).as("all idle: nothing more is coming").extracting(f -> f.getTransaction().getTransactionId())
                .containsExactly("t2");
    }

    @Test
    void shouldApplyALateTransactionAtOnceFlaggedAndCounted() {
        send(tx("t2", 20));
        watermark(CARD_TASK_0, 20, false);
        watermark(CARD_TASK_1, 20, false);
        watermark(LABEL_TASK, 20, true);
        assertThat(emitted()).hasSize(1);
        // When a transaction at +10 s arrives after t2 was featured (its partition was behind beyond the lateness bound)
        send(tx("t1", 10));
        // Then it is featured at once, flagged, and counted
        assertThat(emitted()).singleElement().satisfies(f -> assertThat(f.getOutOfOrder()).isTrue());
        assertThat(metrics.count(FeatureStreamMetrics.LATE)).isEqualTo(1.0);
    }

    @Test
    void shouldKeepEachUpstreamsWatermarkGoingForwardOnly() {
        send(tx("t1", 10));
        watermark(CARD_TASK_0, 30, false);
        watermark(CARD_TASK_0, 5, false); // a restarted task starts from scratch: the stored watermark stands
        watermark(CARD_TASK_1, 30, false);
        watermark(LABEL_TASK, 30, true);
        assertThat(emitted()).hasSize(1);
    }

    @Test
    void shouldComputeTheCombinedWatermarkFromActiveUpstreamsOnly() {
        assertThat(Watermarks.combined(List.of(MerchantEvent.watermark("a", 5, false), MerchantEvent.watermark("b", 9, false))))
                .isEqualTo(5);
        assertThat(Watermarks.combined(List.of(MerchantEvent.watermark("a", 5, true), MerchantEvent.watermark("b", 9, false))))
                .isEqualTo(9);
        assertThat(Watermarks.combined(List.of(MerchantEvent.watermark("a", 5, true), MerchantEvent.watermark("b", 9, true))))
                .isEqualTo(9);
        assertThat(Watermarks.combined(java.util.Arrays.asList(MerchantEvent.watermark("a", 5, false), null)))
                .isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void shouldSendWatermarksToEveryPartitionAndDataToItsKeysPartition() {
        assertThat(Watermarks.PARTITIONER.partitions("t", "x", MerchantEvent.watermark("x", 1, false), 4))
                .hasValue(Set.of(0, 1, 2, 3));
        assertThat(Watermarks.PARTITIONER.partitions("t", "merchant-1", MerchantEvent.transaction(tx("t", 0)), 4).orElseThrow())
                .hasSize(1);
    }

    @Test
    void shouldRoundTripEveryKindOfMerchantEvent() {
        MerchantEventSerde serde = new MerchantEventSerde();
        MerchantEvent w = MerchantEvent.watermark(CARD_TASK_1, 123L, true);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", w))).isEqualTo(w);
        TransactionFeatures f = tx("t", 1);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", MerchantEvent.transaction(f))).features())
                .isEqualTo(f);
    }

    @Test
    void shouldSurviveARestartWithWhatTheStoresHold() {
        send(tx("t1", 10));
        watermark(CARD_TASK_0, 10, false);
        // When the task is restored from its stores (a restart) before the other upstreams report
        MerchantStage restarted = new MerchantStage(FeatureSettings.defaults(Clock.fixed(T0, ZoneOffset.UTC), 1), metrics,
                Set.of(CARD_TASK_0, CARD_TASK_1, LABEL_TASK));
        restarted.init(context);
        restarted.process(new Record<>(CARD_TASK_1, MerchantEvent.watermark(CARD_TASK_1, T0.plusSeconds(10).toEpochMilli(), false), 0L));
        restarted.process(new Record<>(LABEL_TASK, MerchantEvent.watermark(LABEL_TASK, T0.plusSeconds(10).toEpochMilli(), true), 0L));
        // Then the held transaction is applied
        assertThat(emitted()).extracting(f -> f.getTransaction().getTransactionId()).containsExactly("t1");
    }
}
