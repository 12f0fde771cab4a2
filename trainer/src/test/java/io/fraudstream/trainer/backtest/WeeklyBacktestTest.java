package io.fraudstream.trainer.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.LabelSource;
import io.fraudstream.schemas.avro.Verdict;
import io.fraudstream.trainer.Progress;
import io.fraudstream.trainer.data.LabelledData;
import io.fraudstream.trainer.data.LabelledRow;
import io.fraudstream.trainer.data.TimeWindow;
import io.fraudstream.trainer.report.BacktestReport;
import io.fraudstream.trainer.train.Imbalance;
import io.fraudstream.trainer.train.LogisticCandidate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeeklyBacktestTest {

    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final List<String> NAMES = List.of("signal", "noise");

    private static WeeklyBacktest.Settings settings(int folds, Duration warmUp) {
        return settings(folds, warmUp, Duration.ofDays(7));
    }

    private static WeeklyBacktest.Settings settings(int folds, Duration warmUp, Duration maturity) {
        LogisticCandidate logistic = new LogisticCandidate(List.of(0.2), List.of(2));
        return new WeeklyBacktest.Settings(
                folds,
                Duration.ofDays(7),
                Duration.ofDays(7),
                warmUp,
                maturity,
                2,
                Duration.ofDays(7),
                List.of(logistic),
                logistic,
                List.of("noise"),
                new Imbalance(Imbalance.Mode.WEIGHT, 0, 20),
                50_000,
                7,
                1,
                10,
                0.01);
    }

    @Test
    void shouldTestTheLastWeeksEachTrainedUpToAGapBeforeIt() {
        List<WeeklyBacktest.FoldPlan> plan = WeeklyBacktest.plan(
                new TimeWindow(START, START.plus(Duration.ofDays(120))), settings(4, Duration.ofDays(37)));

        assertThat(plan).hasSize(4);
        assertThat(plan.get(0).test()).isEqualTo(new TimeWindow(day(92), day(99)));
        assertThat(plan.get(0).training()).isEqualTo(new TimeWindow(day(37), day(85)));
        assertThat(plan.get(3).test()).isEqualTo(new TimeWindow(day(113), day(120)));
        assertThat(plan.get(3).training()).isEqualTo(new TimeWindow(day(37), day(106)));
    }

    @Test
    void shouldEndTheTrainingDataTheMaturityBeforeTheTestWeekWhenTheMaturityIsLongerThanTheGap() {
        // given a 30-day maturity and a 7-day gap: the last 30 days before a test week are left out, labelled or not
        List<WeeklyBacktest.FoldPlan> plan = WeeklyBacktest.plan(
                new TimeWindow(START, START.plus(Duration.ofDays(120))),
                settings(4, Duration.ofDays(37), Duration.ofDays(30)));

        // then each fold's training window ends 30 days before its test week, not 7
        assertThat(plan.get(0).test()).isEqualTo(new TimeWindow(day(92), day(99)));
        assertThat(plan.get(0).training()).isEqualTo(new TimeWindow(day(37), day(62)));
        assertThat(plan.get(3).training()).isEqualTo(new TimeWindow(day(37), day(83)));
    }

    @Test
    void shouldRefuseAHistoryWithoutTrainingDataBeforeTheFirstFold() {
        assertThatThrownBy(() -> WeeklyBacktest.plan(
                        new TimeWindow(START, START.plus(Duration.ofDays(40))), settings(4, Duration.ofDays(37))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too short for 4 test weeks");
    }

    @Test
    void shouldTrainOnlyOnLabelsReceivedBeforeTheTestWeek() {
        WeeklyBacktest.Settings s = settings(1, Duration.ZERO);
        WeeklyBacktest.FoldPlan fold = WeeklyBacktest.plan(new TimeWindow(START, START.plus(Duration.ofDays(30))), s)
                .get(0);
        // test week [23, 30), training [0, 16); maturity 7 days
        List<WeeklyBacktest.Txn> txns = List.of(
                txn("known", 2, "x"),
                txn("late", 3, "x"),
                txn("young", 15, null),
                txn("old", 1, null),
                txn("inTest", 24, "x"));
        List<FraudLabel> labels = List.of(label("known", 2, 10), label("late", 3, 25));

        LabelledData data = new WeeklyBacktest(s, Progress.none()).trainingData(fold, NAMES, txns, labels);

        // "late" was labelled after the test week began: at that time it looked like an old unlabelled transaction
        assertThat(data.rows()).extracting(LabelledRow::transactionId).containsExactly("old", "known", "late", "young");
        assertThat(data.rows())
                .filteredOn(LabelledRow::fraud)
                .extracting(LabelledRow::transactionId)
                .containsExactly("known");
        assertThat(data.stats().labelsAfterAsOf()).isEqualTo(1);
    }

    @Test
    void shouldMeasureEachScenariosRecallAmongTheTopScores() {
        List<WeeklyBacktest.Txn> test = new ArrayList<>();
        double[] scores = new double[200];
        for (int i = 0; i < 200; i++) {
            String scenario = i == 0 || i == 1 ? "a" : i == 2 ? "b" : null;
            test.add(txn("t" + i, 1, scenario));
            scores[i] = i == 1 ? 0.99 : i == 0 ? 0.1 : i == 2 ? 0.98 : 0.5;
        }

        // top 1 % of 200 = 2 transactions: t1 (a) and t2 (b)
        assertThat(WeeklyBacktest.scenarioRecall(test, scores, 0.01)).isEqualTo(Map.of("a", 0.5, "b", 1.0));
    }

    @Test
    void shouldScoreTheTrainedModelAndTheBaselineOnEveryTestWeek(@TempDir Path dir) throws Exception {
        // fraud shifts "signal"; "noise" (all the baseline sees) is noise: the model must beat the baseline
        SplittableRandom random = new SplittableRandom(3);
        List<WeeklyBacktest.Txn> txns = new ArrayList<>();
        List<FraudLabel> labels = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            long t = START.toEpochMilli() + (long) (random.nextDouble() * 60 * DAY);
            boolean fraud = random.nextDouble() < 0.02;
            String id = "tx" + i;
            txns.add(new WeeklyBacktest.Txn(
                    id,
                    "card" + random.nextInt(3000),
                    t,
                    new double[] {random.nextGaussian() + (fraud ? 2.5 : 0), random.nextGaussian()},
                    fraud ? "scam" : null));
            if (fraud) {
                labels.add(label(id, t, t + 3 * DAY));
            }
        }

        List<WeeklyBacktest.Fold> folds = new WeeklyBacktest(settings(2, Duration.ofDays(5)), Progress.none())
                .run(
                        NAMES,
                        txns,
                        labels,
                        new TimeWindow(START, START.plus(Duration.ofDays(60))),
                        List.of("sig"),
                        fold -> {});

        assertThat(folds).hasSize(2).allSatisfy(f -> {
            assertThat(f.testRows()).isGreaterThan(4000);
            assertThat(f.testFraud()).isPositive();
            assertThat(f.trainingFraud()).isPositive();
            assertThat(f.model().averagePrecision()).isGreaterThan(f.baseline().averagePrecision() + 0.2);
            assertThat(f.model().rocAuc()).isGreaterThan(0.9);
            assertThat(f.baseline().rocAuc()).isBetween(0.35, 0.65);
            assertThat(f.model().scenarioRecall()).containsKey("scam");
            // without "signal" the model has nothing to learn from
            assertThat(f.ablations().get("sig").averagePrecision())
                    .isLessThan(f.model().averagePrecision() - 0.2);
        });
        BacktestReport report = new BacktestReport(folds, 10);
        assertThat(report.foldsNotBeatingBaseline()).isEmpty();
        report.writeCsv(dir.resolve("q.csv"));
        report.writeSvg(dir.resolve("q.svg"));
        assertThat(Files.readAllLines(dir.resolve("q.csv")))
                .hasSize(7)
                .first()
                .asString()
                .startsWith("fold,test_from,test_to,training_rows")
                .contains("recall_top1pct_scam");
        assertThat(Files.readString(dir.resolve("q.svg")))
                .startsWith("<svg")
                .contains("Average precision per test week");
        assertThat(report.lines())
                .anySatisfy(l -> assertThat(l).startsWith("mean"))
                .anySatisfy(l -> assertThat(l).contains("without sig*"));
    }

    private static Instant day(int n) {
        return START.plus(Duration.ofDays(n));
    }

    private static WeeklyBacktest.Txn txn(String id, int day, String scenario) {
        return new WeeklyBacktest.Txn(id, "card-" + id, day(day).toEpochMilli(), new double[] {0, 0}, scenario);
    }

    private static FraudLabel label(String id, int txDay, int labelDay) {
        return label(id, day(txDay).toEpochMilli(), day(labelDay).toEpochMilli());
    }

    private static FraudLabel label(String id, long txTime, long labelTime) {
        return FraudLabel.newBuilder()
                .setTransactionId(id)
                .setCardToken("card")
                .setMerchantId("m")
                .setTransactionTime(Instant.ofEpochMilli(txTime))
                .setLabelTime(Instant.ofEpochMilli(labelTime))
                .setVerdict(Verdict.FRAUD)
                .setSource(LabelSource.CHARGEBACK)
                .build();
    }
}
