package io.fraudstream.trainer.data;

import static io.fraudstream.trainer.TestFeatures.day;
import static io.fraudstream.trainer.TestFeatures.label;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.schemas.avro.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LabelJoinTest {

    private static final Duration MATURITY = Duration.ofDays(30);

    @Test
    void shouldLabelATransactionWithItsFraudLabel() {
        LabelJoin join = new LabelJoin(MATURITY, day(100));
        join.offer(label("t1", day(1), day(3), Verdict.FRAUD));

        assertThat(join.classify("t1", day(1).toEpochMilli())).isEqualTo(LabelJoin.Outcome.FRAUD);
    }

    @Test
    void shouldLetTheLatestLabelWin() {
        LabelJoin join = new LabelJoin(MATURITY, day(100));
        // given a chargeback, later overturned by an analyst, read in the opposite order
        join.offer(label("t1", day(1), day(9), Verdict.LEGITIMATE));
        join.offer(label("t1", day(1), day(3), Verdict.FRAUD));

        assertThat(join.classify("t1", day(1).toEpochMilli())).isEqualTo(LabelJoin.Outcome.LEGITIMATE);
    }

    @Test
    void shouldCountAnUnlabelledTransactionAsLegitimateOnceMature() {
        LabelJoin join = new LabelJoin(MATURITY, day(31));

        assertThat(join.classify("old", day(1).toEpochMilli())).isEqualTo(LabelJoin.Outcome.LEGITIMATE);
        assertThat(join.classify("exactly-mature", day(1).toEpochMilli())).isEqualTo(LabelJoin.Outcome.LEGITIMATE);
    }

    @Test
    void shouldLeaveOutAnUnlabelledTransactionYoungerThanTheMaturityPeriod() {
        LabelJoin join = new LabelJoin(MATURITY, day(31));

        assertThat(join.classify("young", day(1).toEpochMilli() + 1)).isEqualTo(LabelJoin.Outcome.IMMATURE);
    }

    @Test
    void shouldLeaveOutAYoungTransactionEvenIfItIsAlreadyLabelled() {
        // given, as of day 31 with a 30-day maturity, a young fraud and a young analyst clearance, both labelled
        LabelJoin join = new LabelJoin(MATURITY, day(31));
        join.offer(label("young-fraud", day(30), day(30.5), Verdict.FRAUD));
        join.offer(label("young-cleared", day(20), day(21), Verdict.LEGITIMATE));

        // then both are left out like the young unlabelled ones, so the young period is not enriched in fraud
        assertThat(join.classify("young-fraud", day(30).toEpochMilli())).isEqualTo(LabelJoin.Outcome.IMMATURE_LABELLED);
        assertThat(join.classify("young-cleared", day(20).toEpochMilli()))
                .isEqualTo(LabelJoin.Outcome.IMMATURE_LABELLED);
        assertThat(LabelJoin.Outcome.IMMATURE_LABELLED.immature()).isTrue();
        assertThat(LabelJoin.Outcome.FRAUD.immature()).isFalse();
    }

    @Test
    void shouldUseTheLabelOfATransactionExactlyAsOldAsTheMaturity() {
        LabelJoin join = new LabelJoin(MATURITY, day(31));
        join.offer(label("t1", day(1), day(2), Verdict.FRAUD));

        assertThat(join.matureUntil()).isEqualTo(day(1));
        assertThat(join.classify("t1", day(1).toEpochMilli())).isEqualTo(LabelJoin.Outcome.FRAUD);
        assertThat(join.classify("t1", day(1).toEpochMilli() + 1)).isEqualTo(LabelJoin.Outcome.IMMATURE_LABELLED);
    }

    @Test
    void shouldIgnoreUnknownVerdicts() {
        LabelJoin join = new LabelJoin(MATURITY, day(31));
        join.offer(label("t1", day(30), day(30.5), Verdict.UNKNOWN));

        assertThat(join.classify("t1", day(30).toEpochMilli())).isEqualTo(LabelJoin.Outcome.IMMATURE);
        assertThat(join.unknownVerdicts()).isEqualTo(1);
        assertThat(join.labelsOffered()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreInABackTestTheLabelsGivenAfterAsOf() {
        // given a back-test as of day 5 with a 1-day maturity: a chargeback on day 3 overturned on day 9, a fraud
        // first reported on day 8, and a label given exactly at as.of
        LabelJoin join = new LabelJoin(Duration.ofDays(1), day(5), true);
        join.offer(label("overturned", day(1), day(3), Verdict.FRAUD));
        join.offer(label("overturned", day(1), day(9), Verdict.LEGITIMATE));
        join.offer(label("reported-later", day(2), day(8), Verdict.FRAUD));
        join.offer(label("at-as-of", day(4), day(5), Verdict.FRAUD));

        // then only what was known on day 5 counts
        assertThat(join.classify("overturned", day(1).toEpochMilli())).isEqualTo(LabelJoin.Outcome.FRAUD);
        // (on day 5 "reported-later" looked like an old unlabelled transaction)
        assertThat(join.classify("reported-later", day(2).toEpochMilli())).isEqualTo(LabelJoin.Outcome.LEGITIMATE);
        assertThat(join.classify("at-as-of", day(4).toEpochMilli())).isEqualTo(LabelJoin.Outcome.FRAUD);
        assertThat(join.labelsAfterAsOf()).isEqualTo(2);
        assertThat(join.labelsOffered()).isEqualTo(4);
    }

    @Test
    void shouldUseEveryLabelReadWhenNotABackTest() {
        LabelJoin join = new LabelJoin(Duration.ofDays(1), day(5));
        join.offer(label("t1", day(1), day(8), Verdict.FRAUD));

        assertThat(join.classify("t1", day(1).toEpochMilli())).isEqualTo(LabelJoin.Outcome.FRAUD);
        assertThat(join.labelsAfterAsOf()).isZero();
    }
}
