package io.fraudstream.trainer.data;

import io.fraudstream.schemas.avro.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.fraudstream.trainer.TestFeatures.day;
import static io.fraudstream.trainer.TestFeatures.label;
import static org.assertj.core.api.Assertions.assertThat;

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
    void shouldLabelAYoungTransactionThatAlreadyHasALabel() {
        LabelJoin join = new LabelJoin(MATURITY, day(31));
        join.offer(label("young-fraud", day(30), day(30.5), Verdict.FRAUD));

        assertThat(join.classify("young-fraud", day(30).toEpochMilli())).isEqualTo(LabelJoin.Outcome.FRAUD);
    }

    @Test
    void shouldIgnoreUnknownVerdicts() {
        LabelJoin join = new LabelJoin(MATURITY, day(31));
        join.offer(label("t1", day(30), day(30.5), Verdict.UNKNOWN));

        assertThat(join.classify("t1", day(30).toEpochMilli())).isEqualTo(LabelJoin.Outcome.IMMATURE);
        assertThat(join.unknownVerdicts()).isEqualTo(1);
        assertThat(join.labelsOffered()).isEqualTo(1);
    }
}
