package io.fraudstream.dashboard;

import static io.fraudstream.dashboard.Records.T0;
import static io.fraudstream.dashboard.Records.alert;
import static io.fraudstream.dashboard.Records.model;
import static io.fraudstream.dashboard.Records.scored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fraudstream.schemas.avro.DecidedBy;
import io.fraudstream.schemas.avro.Decision;
import io.fraudstream.schemas.avro.ModelSlot;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link LiveStats} against figures worked out by hand. Times are offsets from {@link Records#T0}, a whole second. */
class LiveStatsTest {

    private static final long START = T0.toEpochMilli();
    private static final int WINDOW = 10;

    private final LiveStats stats = new LiveStats(WINDOW, 3, START);

    private static long at(long offsetMs) {
        return START + offsetMs;
    }

    private void receive(int n, long offsetMs) {
        for (int i = 0; i < n; i++) {
            stats.onScored(
                    scored("t" + offsetMs + "-" + i, Decision.APPROVE, 0.1).build(), at(offsetMs));
        }
    }

    @Test
    void shouldRateEventsOverTheTimeSinceStartUntilAWholeWindowHasPassed() {
        // Given 2 records in the first second and 3 in the second
        receive(2, 500);
        receive(3, 1500);

        // When looking 2 s after start; Then 5 records over 2 s
        Summary.Throughput t = stats.snapshot(at(2000)).throughput();
        assertThat(t.windowCount()).isEqualTo(5);
        assertThat(t.eventsPerSecond()).isEqualTo(2.5);
        // and the sparkline ends with the two whole seconds just passed
        assertThat(t.perSecond()).hasSize(WINDOW).endsWith(2L, 3L);
        assertThat(t.perSecond().subList(0, WINDOW - 2)).containsOnly(0L);
    }

    @Test
    void shouldRateEventsOverTheWindowOnceItIsFull() {
        // Given 10 records in each of the first 15 seconds
        for (int sec = 0; sec < 15; sec++) {
            receive(10, sec * 1000L + 100);
        }

        // When looking at 15.0 s; Then the window holds seconds 6..15 (15 still empty): 90 records over 9 s
        Summary.Throughput t = stats.snapshot(at(15_000)).throughput();
        assertThat(t.windowCount()).isEqualTo(90);
        assertThat(t.eventsPerSecond()).isEqualTo(10.0);
        assertThat(t.perSecond()).containsExactly(10L, 10L, 10L, 10L, 10L, 10L, 10L, 10L, 10L, 10L);

        // When looking at 15.5 s; Then 90 records over 9.5 s
        assertThat(stats.snapshot(at(15_500)).throughput().eventsPerSecond()).isCloseTo(90 / 9.5, within(1e-9));

        // When the window has moved past every record; Then nothing is left in it
        Summary.Throughput later = stats.snapshot(at(40_000)).throughput();
        assertThat(later.windowCount()).isZero();
        assertThat(later.eventsPerSecond()).isZero();
        assertThat(later.perSecond()).containsOnly(0L);
    }

    @Test
    void shouldComputeLatencyPercentilesFromTheRawAppendTime() {
        // Given records with end-to-end latencies 1..1000 ms, shuffled, and two without an append time
        List<Integer> latencies = new java.util.ArrayList<>(
                java.util.stream.IntStream.rangeClosed(1, 1000).boxed().toList());
        Collections.shuffle(latencies, new java.util.Random(7));
        long received = at(3_000);
        for (int l : latencies) {
            stats.onScored(
                    scored("l" + l, Decision.APPROVE, 0.1)
                            .setRawAppendTime(T0.plusMillis(3_000 - l))
                            .build(),
                    received);
        }
        stats.onScored(scored("n1", Decision.APPROVE, 0.1).build(), received);
        stats.onScored(scored("n2", Decision.APPROVE, 0.1).build(), received);

        // Then
        Summary s = stats.snapshot(at(3_500));
        assertThat(s.latency()).isEqualTo(new Summary.Latency(1000, 500L, 990L, 999L, 1000L));
        assertThat(s.totals().withoutAppendTime()).isEqualTo(2);
        assertThat(s.totals().scored()).isEqualTo(1002);

        // and once the window has passed, no samples and no percentiles
        assertThat(stats.snapshot(at(20_000)).latency()).isEqualTo(new Summary.Latency(0, null, null, null, null));
    }

    @Test
    void shouldCountALatencyBelowZeroAsZero() {
        // Given the raw append time is after the receipt (clocks of two hosts disagree)
        stats.onScored(
                scored("skew", Decision.APPROVE, 0.1)
                        .setRawAppendTime(T0.plusMillis(1_250))
                        .build(),
                at(1_000));

        assertThat(stats.snapshot(at(1_500)).latency().p50Ms()).isZero();
    }

    @Test
    void shouldCountDecisionsInTheWindowAndSinceStart() {
        // Given 2 APPROVE, 1 REVIEW at 1 s and 1 DECLINE at 12 s
        stats.onScored(scored("a1", Decision.APPROVE, 0.1).build(), at(1_000));
        stats.onScored(scored("a2", Decision.APPROVE, 0.2).build(), at(1_100));
        stats.onScored(scored("r1", Decision.REVIEW, 0.6).build(), at(1_200));
        stats.onScored(scored("d1", Decision.DECLINE, 0.9).build(), at(12_000));

        // When looking at 12.5 s (window: seconds 3..12); Then the window has only the DECLINE, the totals all four
        Summary.Decisions d = stats.snapshot(at(12_500)).decisions();
        assertThat(d.window())
                .containsExactly(
                        Map.entry("APPROVE", 0L),
                        Map.entry("REVIEW", 0L),
                        Map.entry("DECLINE", 1L),
                        Map.entry("UNKNOWN", 0L));
        assertThat(d.total())
                .containsExactly(
                        Map.entry("APPROVE", 2L),
                        Map.entry("REVIEW", 1L),
                        Map.entry("DECLINE", 1L),
                        Map.entry("UNKNOWN", 0L));
    }

    @Test
    void shouldBinScoresInTwentyEqualBinsWithOneInTheLast() {
        for (double score : new double[] {0.0, 0.04, 0.05, 0.5, 0.51, 0.999, 1.0}) {
            stats.onScored(scored("s" + score, Decision.APPROVE, score).build(), at(100));
        }

        Summary.Scores scores = stats.snapshot(at(500)).scores();
        assertThat(scores.binWidth()).isEqualTo(0.05);
        assertThat(scores.bins()).hasSize(20);
        long[] expected = new long[20];
        expected[0] = 2; // 0.0, 0.04
        expected[1] = 1; // 0.05
        expected[10] = 2; // 0.5, 0.51
        expected[19] = 2; // 0.999, 1.0
        assertThat(scores.bins())
                .containsExactly(java.util.Arrays.stream(expected).boxed().toArray(Long[]::new));
        assertThat(LiveStats.scoreBin(-0.1)).isZero();
        assertThat(LiveStats.scoreBin(1.7)).isEqualTo(19);
    }

    @Test
    void shouldCompareChampionAndChallengerUnderTheChallengersThresholds() {
        // Given challenger v7 with thresholds review 0.5 / decline 0.8 (and a later v8 with other thresholds)
        stats.onModel(model("fraud-xgb", 7, ModelSlot.CHALLENGER).build(), at(0));
        stats.onModel(
                model("fraud-xgb", 8, ModelSlot.CHALLENGER)
                        .setReviewThreshold(0.1)
                        .setDeclineThreshold(0.2)
                        .build(),
                at(10));

        // When records scored by champion and challenger v7 arrive
        challenged("agree-decline", Decision.DECLINE, 0.9, 0.85, DecidedBy.MODEL); // v7 says DECLINE: agrees, |d| .05
        challenged("disagree", Decision.REVIEW, 0.6, 0.4, DecidedBy.MODEL); // v7 says APPROVE: disagrees, |d| .2
        challenged("agree-approve", Decision.APPROVE, 0.1, 0.3, DecidedBy.MODEL); // v7 says APPROVE: agrees, |d| .2
        challenged("rule", Decision.DECLINE, 0.95, 0.2, DecidedBy.RULES); // a rule decided: |d| .75 only
        stats.onScored(scored("no-challenger", Decision.APPROVE, 0.1).build(), at(1_000));

        // Then 4 compared, mean |d| = 1.2 / 4, 2 of 3 model decisions agree
        Summary.Challenger c = stats.snapshot(at(1_500)).challenger();
        assertThat(c.compared()).isEqualTo(4);
        assertThat(c.meanAbsDiff()).isCloseTo(0.3, within(1e-12));
        assertThat(c.decisionsCompared()).isEqualTo(3);
        assertThat(c.agreementRate()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(c.challengerVersion()).isEqualTo(7L);
    }

    @Test
    void shouldCompareScoresButNotDecisionsWithoutTheChallengersThresholds() {
        challenged("x", Decision.DECLINE, 0.9, 0.7, DecidedBy.MODEL);

        Summary.Challenger c = stats.snapshot(at(1_500)).challenger();
        assertThat(c.compared()).isEqualTo(1);
        assertThat(c.meanAbsDiff()).isCloseTo(0.2, within(1e-12));
        assertThat(c.decisionsCompared()).isZero();
        assertThat(c.agreementRate()).isNull();
    }

    private void challenged(String id, Decision decision, double score, double challengerScore, DecidedBy by) {
        stats.onScored(
                scored(id, decision, score)
                        .setDecidedBy(by)
                        .setChallengerScore(challengerScore)
                        .setChallengerModelVersion(7L)
                        .build(),
                at(1_000));
    }

    @Test
    void shouldListModelPublicationsNewestFirstAndKeepTheLatestOfEachSlot() {
        // Given champion v1, challenger v2, then v2 promoted to champion (published again later), in topic order
        stats.onModel(model("fraud-xgb", 1, ModelSlot.CHAMPION).build(), 1_000);
        stats.onModel(model("fraud-xgb", 2, ModelSlot.CHALLENGER).build(), 2_000);
        stats.onModel(
                model("fraud-xgb", 2, ModelSlot.CHAMPION).setMetrics(Map.of()).build(), 3_000);
        stats.onModel(model("fraud-xgb", 2, ModelSlot.CHAMPION).build(), 3_500);
        // and an old publication read late
        stats.onModel(model("fraud-lr", 9, ModelSlot.CHAMPION).build(), 500);

        Summary.Models m = stats.snapshot(at(0)).models();
        assertThat(m.history())
                .extracting(e -> e.slot() + " " + e.modelId() + " v" + e.version() + " @" + e.publishedAt())
                .containsExactly(
                        "CHAMPION fraud-xgb v2 @3500",
                        "CHALLENGER fraud-xgb v2 @2000",
                        "CHAMPION fraud-xgb v1 @1000",
                        "CHAMPION fraud-lr v9 @500");
        assertThat(m.champion().version()).isEqualTo(2);
        assertThat(m.champion().publishedAt()).isEqualTo(3_500);
        assertThat(m.champion().auc()).isEqualTo(0.91);
        assertThat(m.champion().averagePrecision()).isEqualTo(0.42);
        assertThat(m.champion().createdAt()).isEqualTo(T0.minusSeconds(3600).toEpochMilli());
        assertThat(m.challenger().version()).isEqualTo(2);

        // When the challenger slot is emptied (tombstone); Then no challenger, the history stays
        stats.onModelRemoved("challenger");
        Summary s = stats.snapshot(at(0));
        assertThat(s.models().challenger()).isNull();
        assertThat(s.models().history()).hasSize(4);
        assertThat(s.totals().modelRecords()).isEqualTo(6);
    }

    @Test
    void shouldLeaveMetricsThatARecordDoesNotHaveEmpty() {
        stats.onModel(
                model("fraud-lr", 1, ModelSlot.CHAMPION)
                        .setMetrics(Map.of("auc", 0.8, "ap", Double.NaN))
                        .build(),
                1);

        Summary.ModelEntry champion = stats.snapshot(at(0)).models().champion();
        assertThat(champion.auc()).isEqualTo(0.8);
        assertThat(champion.averagePrecision()).isNull();
    }

    @Test
    void shouldShowTheModelOfTheLatestScoredRecord() {
        stats.onScored(
                scored("new", Decision.APPROVE, 0.1)
                        .setModelVersion(4L)
                        .setScoredTime(T0.plusMillis(20))
                        .build(),
                at(100));
        stats.onScored(
                scored("old", Decision.APPROVE, 0.1)
                        .setModelVersion(3L)
                        .setScoredTime(T0.plusMillis(10))
                        .build(),
                at(101));

        assertThat(stats.snapshot(at(200)).models().serving())
                .isEqualTo(new Summary.Serving(
                        "fraud-xgb", 4L, "MODEL", null, T0.plusMillis(20).toEpochMilli()));

        stats.onScored(
                scored("rules", Decision.DECLINE, 1.0)
                        .setModelId(null)
                        .setModelVersion(null)
                        .setDecidedBy(DecidedBy.RULES_ONLY_NO_MODEL)
                        .setScoredTime(T0.plusMillis(30))
                        .build(),
                at(102));
        assertThat(stats.snapshot(at(200)).models().serving().version()).isNull();
    }

    @Test
    void shouldKeepTheLastAlertsNewestFirstWithTheirReasons() {
        // Given five alerts, received in this order, the fourth scored before the third (another partition)
        long[] scoredAt = {10, 20, 40, 30, 50};
        for (int i = 0; i < scoredAt.length; i++) {
            stats.onAlert(alert("a" + i, Decision.REVIEW, 0.6)
                    .setScoredTime(T0.plusMillis(scoredAt[i]))
                    .build());
        }

        // Then the last three received, by scored time
        Summary s = stats.snapshot(at(100));
        assertThat(s.recentAlerts()).extracting(Summary.Alert::transactionId).containsExactly("a4", "a2", "a3");
        assertThat(s.totals().alerts()).isEqualTo(5);
        Summary.Alert a = s.recentAlerts().getFirst();
        assertThat(a.amount()).isEqualTo("12.50 EUR");
        assertThat(a.reasons())
                .containsExactly(
                        new Summary.Reason("card_amount_ratio_30d", 7.5, 0.31),
                        new Summary.Reason("merchant_fraud_rate_7d", 0.12, 0.08));
        assertThat(a.rulesFired()).containsExactly("impossible_travel");
        assertThat(a.decision()).isEqualTo("REVIEW");
        assertThat(a.cardToken()).isEqualTo("card-a4");
    }

    @Test
    void shouldFormatAmountsInTheCurrencysMajorUnits() {
        assertThat(LiveStats.formatAmount(12345, "EUR")).isEqualTo("123.45 EUR");
        assertThat(LiveStats.formatAmount(1500, "JPY")).isEqualTo("1500 JPY");
        assertThat(LiveStats.formatAmount(1234, "BHD")).isEqualTo("1.234 BHD");
        assertThat(LiveStats.formatAmount(99, "ZZQ")).isEqualTo("99 ZZQ (minor units)");
    }

    @Test
    void shouldDecideLikeTheScoringService() {
        assertThat(LiveStats.decide(0.8, 0.5, 0.8)).isEqualTo(Decision.DECLINE);
        assertThat(LiveStats.decide(0.5, 0.5, 0.8)).isEqualTo(Decision.REVIEW);
        assertThat(LiveStats.decide(0.49, 0.5, 0.8)).isEqualTo(Decision.APPROVE);
    }

    @Test
    void shouldCountARecordReceivedBeforeTheWindowInTheTotalsOnly() {
        receive(1, 30_000);
        // a clock stepped back by more than the window: second 19 shares its bucket with second 30
        stats.onScored(scored("past", Decision.DECLINE, 0.9).build(), at(19_000));

        Summary s = stats.snapshot(at(30_500));
        assertThat(s.throughput().windowCount()).isEqualTo(1);
        assertThat(s.totals().scored()).isEqualTo(2);
        assertThat(s.decisions().total().get("DECLINE")).isEqualTo(1);
    }

    @Test
    void shouldRejectAWindowTooShortToRate() {
        assertThatThrownBy(() -> new LiveStats(1, 3, START)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LiveStats(10, 0, START)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCountUnreadableRecords() {
        stats.onUnreadable();
        assertThat(stats.snapshot(at(0)).totals().unreadable()).isEqualTo(1);
    }
}
