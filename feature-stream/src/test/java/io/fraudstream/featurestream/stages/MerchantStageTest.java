package io.fraudstream.featurestream.stages;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.fraudstream.schemas.testing.TestClock;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

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
    private final TestClock clock = new TestClock(T0);
    private final MockProcessorContext<Bytes, byte[]> context = new MockProcessorContext<>();
    /** What the stage has published, as the global store holds it. */
    private final KeyValueStore<Bytes, byte[]> global = Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore("global"), Serdes.Bytes(), Serdes.ByteArray())
            .withLoggingDisabled()
            .build();

    private final List<Bytes> publishedKeys = new java.util.ArrayList<>();
    private final MerchantStage stage;

    MerchantStageTest() {
        FeatureSettings settings = FeatureSettings.defaults(clock, 1);
        for (String name : List.of(FeatureNames.MERCHANT_STORE, FeatureNames.MERCHANT_WATERMARK_STORE)) {
            addStore(
                    Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                            .withLoggingDisabled()
                            .build());
        }
        for (String name : List.of(
                FeatureNames.MERCHANT_PENDING_STORE,
                FeatureNames.TERMINAL_STORE,
                FeatureNames.MERCHANT_UNPUBLISHED_STORE)) {
            addStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                    .withLoggingDisabled()
                    .build());
        }
        stage = new MerchantStage(settings, metrics, Set.of(CARD_TASK_0, CARD_TASK_1, LABEL_TASK));
        stage.init(context);
        global.init(context.getStateStoreContext(), global);
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
        Transaction t = Transaction.newBuilder()
                .setTransactionId(id)
                .setCardToken("card-" + id)
                .setMerchantId("m")
                .setTerminalId(terminalId)
                .setAmountMinor(1_000)
                .setCurrency("EUR")
                .setEventTime(at)
                .setChannel(Channel.POS)
                .setEntryMode(EntryMode.CHIP)
                .build();
        CleanedTransaction cleaned = new CleanedTransaction(t, 1_000, false, 1_000);
        CardEvent event = CardEvent.of(at.toEpochMilli(), 1_000, "m", id, null, null);
        return CardStage.features(
                new EnrichedTransaction(cleaned, null, null),
                CardHistory.empty().snapshot(event),
                false,
                "EUR");
    }

    private void send(TransactionFeatures f) {
        send(stage, f);
    }

    private void send(MerchantStage stage, TransactionFeatures f) {
        stage.process(
                new Record<>("m", MerchantEvent.transaction(f), f.getEventTime().toEpochMilli()));
    }

    private void label(String txId, long txSeconds, long knownSeconds) {
        label(txId, txSeconds, knownSeconds, null);
    }

    private void label(String txId, long txSeconds, long knownSeconds, String terminalId) {
        FraudLabel l = FraudLabel.newBuilder()
                .setTransactionId(txId)
                .setCardToken("card-" + txId)
                .setMerchantId("m")
                .setTerminalId(terminalId)
                .setTransactionTime(T0.plusSeconds(txSeconds))
                .setLabelTime(T0.plusSeconds(knownSeconds))
                .setVerdict(Verdict.FRAUD)
                .setSource(LabelSource.CHARGEBACK)
                .build();
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

    /**
     * Fires the stage's publication (as its wall-clock schedule would), copies what it forwarded into {@link #global}
     * as the global store would, and returns the published watermark of merchant partition 0 (empty if none yet).
     */
    private OptionalLong publish() {
        context.scheduledPunctuators().stream()
                .filter(p -> p.getInterval()
                        .equals(FeatureSettings.Ordering.defaults().publishInterval()))
                .reduce((a, b) -> b)
                .orElseThrow()
                .getPunctuator()
                .punctuate(clock.millis());
        for (var f : context.forwarded()) {
            publishedKeys.add(f.record().key());
            if (f.record().value() == null) {
                global.delete(f.record().key());
            } else {
                global.put(f.record().key(), f.record().value());
            }
        }
        context.resetForwards();
        return view().watermark(0);
    }

    private MerchantState.View view() {
        return new MerchantState.View(global);
    }

    /** The published merchant history's transactions with event time in (t0 + from, t0 + to] seconds. */
    private int published(long fromSeconds, long toSeconds) {
        var history = view().merchant("m");
        long to = T0.plusSeconds(toSeconds).toEpochMilli();
        long from = T0.plusSeconds(fromSeconds).toEpochMilli();
        return history.snapshot(to, 0).count(io.fraudstream.features.MerchantWindow.D30)
                - history.snapshot(from, 0).count(io.fraudstream.features.MerchantWindow.D30);
    }

    private static long at(long secondsAfterT0) {
        return T0.plusSeconds(secondsAfterT0).toEpochMilli();
    }

    @Test
    void shouldPublishStateOnlyUpToTheSmallestWatermarkAndApplyHeldTransactionsInEventTimeOrder() {
        // Given the card task 0 ran ahead: its transaction at +20 s arrives before card task 1's at +10 s
        send(tx("partition-ahead", 20));
        send(tx("slow-partition", 10));
        watermark(CARD_TASK_0, 20, false);
        watermark(LABEL_TASK, -1_000_000_000L, true); // a label task that never had input
        // Then nothing is published while card task 1 has not reported
        assertThat(publish()).isEmpty();
        assertThat(metrics.held()).isEqualTo(2);
        // When card task 1 passes +10 s, what every task has passed is applied and published with the watermark
        watermark(CARD_TASK_1, 10, false);
        assertThat(publish()).hasValue(at(10));
        assertThat(published(0, 10)).isEqualTo(1);
        assertThat(published(10, 30)).as("held until every task passes it").isZero();
        // and when it passes +25 s, the other one follows
        watermark(CARD_TASK_1, 25, false);
        assertThat(publish()).hasValue(at(20));
        assertThat(published(0, 30)).isEqualTo(2);
        assertThat(metrics.held()).isZero();
    }

    @Test
    void shouldPublishChangedHistoriesBeforeTheWatermarkAndOnlyWhatChanged() {
        send(tx("t1", 10, "T-A"));
        passAll(10);
        publish();
        assertThat(publishedKeys)
                .containsExactly(
                        MerchantState.merchantKey("m"),
                        MerchantState.terminalKey("m", "T-A"),
                        MerchantState.watermarkKey(0));
        publishedKeys.clear();
        // Nothing changed and the watermark did not move: nothing is published
        publish();
        assertThat(publishedKeys).isEmpty();
        // A label changes the merchant's history only (it carries no terminal id)
        label("t1", 10, 15);
        passAll(20);
        publish();
        assertThat(publishedKeys).containsExactly(MerchantState.merchantKey("m"), MerchantState.watermarkKey(0));
    }

    @Test
    void shouldCountTwoHeldTransactionsOfTheSameIdAndTimeFromDifferentCards() {
        // an id is unique per card only: two cards' transactions may share it, and the time
        context.setRecordMetadata("merchant-transactions", 0, 7);
        send(tx("same", 10));
        context.setRecordMetadata("merchant-transactions", 0, 8);
        send(tx("same", 10));
        passAll(10);
        publish();
        assertThat(published(0, 10)).isEqualTo(2);
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
        publish();
        assertThat(published(0, 20)).isEqualTo(2);
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
    void shouldWaitForTheLabelTaskSoThatALabelArrivingAfterTheTransactionIsPublishedBeforeTheWatermarkPassesIt() {
        // Given a fraud label received at +100 s, which arrives after the card tasks passed +200 s
        send(tx("t1", 0));
        send(tx("t2", 200));
        watermark(CARD_TASK_0, 200, false);
        watermark(CARD_TASK_1, 200, true);
        watermark(LABEL_TASK, 50, false);
        assertThat(publish()).as("the label task holds the watermark back").hasValue(at(50));
        // When the label arrives and the label task passes +200 s
        label("t1", 0, 100);
        watermark(LABEL_TASK, 300, false);
        // Then the state published with a watermark past +100 s holds the label
        assertThat(publish()).hasValue(at(200));
        assertThat(view().merchant("m").snapshot(at(150), 0).fraudLabels(io.fraudstream.features.MerchantWindow.D1))
                .isEqualTo(1);
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
        publish();
        // Then each terminal holds its own transactions, the merchant all of them
        var d1 = io.fraudstream.features.MerchantWindow.D1;
        assertThat(view().terminal("m", "T-A").snapshot(at(60), 0).count(d1)).isEqualTo(3);
        assertThat(view().terminal("m", "T-B").snapshot(at(60), 0).count(d1)).isEqualTo(1);
        assertThat(view().terminal("m", "T-A").snapshot(at(35), 0).count(d1))
                .as("as of +35 s")
                .isEqualTo(2);
        assertThat(view().merchant("m").snapshot(at(60), 0).count(d1)).isEqualTo(5);
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
        label("f1", 0, day, "T-A");
        label("f2", 1, day, null);
        passAll(delay + day);
        publish();
        // When taken as of an anchor whose shifted window (a - d - 1 d, a - d] holds them, after the labels are known
        long anchor = at(delay + day / 2);
        var merchant = view().merchant("m").snapshot(anchor, FeatureSet.LABEL_DELAY.toMillis());
        var terminal = view().terminal("m", "T-A").snapshot(anchor, FeatureSet.LABEL_DELAY.toMillis());
        // Then the merchant counts both labels, the terminal the one that names it
        assertThat(merchant.fraudShareDelayed(io.fraudstream.features.MerchantWindow.D1))
                .isEqualTo(2.0 / 3);
        assertThat(terminal.fraudShareDelayed(io.fraudstream.features.MerchantWindow.D1))
                .isEqualTo(1.0 / 3);
        assertThat(merchant.fraudLabels(io.fraudstream.features.MerchantWindow.D7))
                .isEqualTo(2);
        assertThat(terminal.fraudLabels(io.fraudstream.features.MerchantWindow.D7))
                .isEqualTo(1);
    }

    @Test
    void shouldKeyTerminalsUnambiguouslyWhateverTheIdsHold() {
        assertThat(MerchantStage.terminalKey("m\u0000x", "t")).isNotEqualTo(MerchantStage.terminalKey("m", "x\u0000t"));
        assertThat(MerchantStage.terminalKey("m-", "t")).isNotEqualTo(MerchantStage.terminalKey("m", "-t"));
        assertThat(MerchantStage.terminalKey("m", "t")).isEqualTo(MerchantStage.terminalKey("m", "t"));
        assertThat(MerchantState.terminalKey("m-", "t")).isNotEqualTo(MerchantState.terminalKey("m", "-t"));
    }

    @Test
    void shouldSendAMerchantsHistoriesAndItsPartitionsWatermarkToOneTopicPartition() {
        int merchantPartitions = 6;
        for (String merchant : List.of("m", "merchant-17", "ü-merchant")) {
            int p = MerchantState.merchantPartition(merchant, merchantPartitions);
            var partitioner = MerchantState.partitioner(merchantPartitions);
            for (int topicPartitions : List.of(1, 3, 6)) {
                Set<Integer> expected = Set.of(p % topicPartitions);
                assertThat(partitioner.partitions(
                                "t", MerchantState.merchantKey(merchant), new byte[0], topicPartitions))
                        .hasValue(expected);
                assertThat(partitioner.partitions(
                                "t", MerchantState.terminalKey(merchant, "T-1"), new byte[0], topicPartitions))
                        .hasValue(expected);
                assertThat(partitioner.partitions("t", MerchantState.watermarkKey(p), new byte[0], topicPartitions))
                        .hasValue(expected);
            }
            // the merchant partition is the repartition topic's: the one the merchant's events reach
            assertThat(Watermarks.PARTITIONER.partitions(
                            "t", merchant, MerchantEvent.transaction(tx("x", 0)), merchantPartitions))
                    .hasValue(Set.of(p));
        }
    }

    @Test
    void shouldNotWaitForIdleTasksAndReleaseEverythingWhenAllAreIdle() {
        send(tx("t1", 5));
        watermark(CARD_TASK_0, 5, false);
        watermark(CARD_TASK_1, 0, true);
        watermark(LABEL_TASK, 0, true);
        assertThat(publish()).hasValue(at(5));
        send(tx("t2", 9));
        watermark(CARD_TASK_0, 7, true);
        assertThat(publish())
                .as("all idle: everything sent is applied, up to t2")
                .hasValue(at(9) + 1);
        assertThat(published(0, 10)).isEqualTo(2);
    }

    @Test
    void shouldApplyALateTransactionAtOnceAndCountIt() {
        send(tx("t2", 20));
        watermark(CARD_TASK_0, 20, false);
        watermark(CARD_TASK_1, 20, false);
        watermark(LABEL_TASK, 20, true);
        publish();
        // When a transaction at +10 s arrives after t2 was applied (its partition was behind beyond the lateness bound)
        send(tx("t1", 10));
        // Then it is applied at once and counted
        publish();
        assertThat(published(0, 20)).isEqualTo(2);
        assertThat(metrics.count(FeatureStreamMetrics.LATE)).isEqualTo(1.0);
    }

    @Test
    void shouldKeepEachUpstreamsWatermarkGoingForwardOnly() {
        send(tx("t1", 10));
        watermark(CARD_TASK_0, 30, false);
        watermark(CARD_TASK_0, 5, false); // a restarted task starts from scratch: the stored watermark stands
        watermark(CARD_TASK_1, 30, false);
        watermark(LABEL_TASK, 30, true);
        assertThat(publish()).hasValue(at(30));
    }

    @Test
    void shouldComputeTheCombinedWatermarkFromActiveUpstreamsOnly() {
        assertThat(Watermarks.combined(
                        List.of(MerchantEvent.watermark("a", 5, false), MerchantEvent.watermark("b", 9, false))))
                .isEqualTo(5);
        assertThat(Watermarks.combined(
                        List.of(MerchantEvent.watermark("a", 5, true), MerchantEvent.watermark("b", 9, false))))
                .isEqualTo(9);
        assertThat(Watermarks.combined(
                        List.of(MerchantEvent.watermark("a", 5, true), MerchantEvent.watermark("b", 9, true))))
                .isEqualTo(9);
        assertThat(Watermarks.combined(java.util.Arrays.asList(MerchantEvent.watermark("a", 5, false), null)))
                .isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void shouldSendWatermarksToEveryPartitionAndDataToItsKeysPartition() {
        assertThat(Watermarks.PARTITIONER.partitions("t", "x", MerchantEvent.watermark("x", 1, false), 4))
                .hasValue(Set.of(0, 1, 2, 3));
        assertThat(Watermarks.PARTITIONER
                        .partitions("t", "merchant-1", MerchantEvent.transaction(tx("t", 0)), 4)
                        .orElseThrow())
                .hasSize(1);
    }

    @Test
    void shouldRoundTripEveryKindOfMerchantEvent() {
        MerchantEventSerde serde = new MerchantEventSerde();
        MerchantEvent w = MerchantEvent.watermark(CARD_TASK_1, 123L, true);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", w)))
                .isEqualTo(w);
        for (MerchantEvent e :
                List.of(MerchantEvent.transaction(tx("t", 1)), MerchantEvent.transaction(tx("t-ü", 1, "T-é")))) {
            assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", e)))
                    .isEqualTo(e);
        }
    }

    @Test
    void shouldPublishAfterARestartWhatWasAppliedButNotYetPublished() {
        send(tx("t1", 10));
        passAll(10); // applied; the task crashes before its publication runs
        MerchantStage restarted = new MerchantStage(
                FeatureSettings.defaults(clock, 1), metrics, Set.of(CARD_TASK_0, CARD_TASK_1, LABEL_TASK));
        context.resetForwards();
        restarted.init(context);
        assertThat(publish()).hasValue(at(10));
        assertThat(published(0, 10)).isEqualTo(1);
    }

    @Test
    void shouldSurviveARestartWithWhatTheStoresHold() {
        send(tx("t1", 10));
        watermark(CARD_TASK_0, 10, false);
        // When the task is restored from its stores (a restart) before the other upstreams report
        MerchantStage restarted = new MerchantStage(
                FeatureSettings.defaults(Clock.fixed(T0, ZoneOffset.UTC), 1),
                metrics,
                Set.of(CARD_TASK_0, CARD_TASK_1, LABEL_TASK));
        restarted.init(context);
        restarted.process(new Record<>(
                CARD_TASK_1,
                MerchantEvent.watermark(CARD_TASK_1, T0.plusSeconds(10).toEpochMilli(), false),
                0L));
        restarted.process(new Record<>(
                LABEL_TASK,
                MerchantEvent.watermark(LABEL_TASK, T0.plusSeconds(10).toEpochMilli(), true),
                0L));
        // Then the held transaction is applied and published
        assertThat(publish()).hasValue(at(10));
        assertThat(published(0, 10)).isEqualTo(1);
    }
}
