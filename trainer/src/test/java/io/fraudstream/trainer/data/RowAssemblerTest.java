package io.fraudstream.trainer.data;

import static io.fraudstream.trainer.TestFeatures.day;
import static io.fraudstream.trainer.TestFeatures.label;
import static io.fraudstream.trainer.TestFeatures.transaction;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.features.FeatureVector;
import io.fraudstream.schemas.avro.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RowAssemblerTest {

    @Test
    void shouldJoinFeaturesWithLabelsByTransactionIdAndAccountForEveryRecord() {
        // given labels for three transactions and a window of days 0..20, maturity 5 days, as of day 20
        LabelJoin join = new LabelJoin(Duration.ofDays(5), day(20));
        join.offer(label("fraud-1", day(2), day(4), Verdict.FRAUD));
        join.offer(label("legit-young", day(18), day(19), Verdict.LEGITIMATE));
        join.offer(label("fraud-young", day(16), day(17), Verdict.FRAUD));
        RowAssembler assembler = new RowAssembler(new TimeWindow(day(0), day(20)), join);

        // when
        assembler.accept(transaction("fraud-1", "card-a", day(2), 3.0));
        assembler.accept(transaction("unlabelled-old", "card-b", day(3), 1.0));
        assembler.accept(transaction("unlabelled-young", "card-b", day(17), 1.0));
        assembler.accept(transaction("legit-young", "card-c", day(18), 1.0));
        assembler.accept(transaction("fraud-young", "card-f", day(16), 3.0));
        assembler.accept(transaction("fraud-1", "card-a", day(2), 3.0)); // replayed
        assembler.accept(transaction("late", "card-d", day(21), 1.0)); // outside the window
        assembler.accept(transaction("v0", "card-e", day(4), 1.0, "features-v0")); // other version
        LabelledData data = assembler.build("test");

        // then the young transactions are left out, labelled or not
        assertThat(data.rows()).extracting(LabelledRow::transactionId).containsExactly("fraud-1", "unlabelled-old");
        assertThat(data.rows()).extracting(LabelledRow::fraud).containsExactly(true, false);
        LoadStats s = data.stats();
        assertThat(s.featuresRead()).isEqualTo(8);
        assertThat(s.duplicates()).isEqualTo(1);
        assertThat(s.outsideWindow()).isEqualTo(1);
        assertThat(s.otherFeatureSet()).isEqualTo(1);
        assertThat(s.immature()).isEqualTo(3);
        assertThat(s.immatureLabelled()).isEqualTo(2);
        assertThat(s.fraud()).isEqualTo(1);
        assertThat(s.legitimate()).isEqualTo(1);
        assertThat(s.outsideWindow() + s.otherFeatureSet() + s.duplicates() + s.immature() + s.fraud() + s.legitimate())
                .isEqualTo(s.featuresRead());
    }

    @Test
    void shouldReadValuesWithTheSharedFeatureDefinition() {
        LabelJoin join = new LabelJoin(Duration.ZERO, day(20));
        RowAssembler assembler = new RowAssembler(new TimeWindow(day(0), day(20)), join);
        var record = transaction("t1", "card-a", day(1), 2.0);

        assembler.accept(record);
        LabelledData data = assembler.build("test");

        assertThat(data.featureNames()).isEqualTo(FeatureVector.featureNames());
        assertThat(data.rows().get(0).features())
                .containsExactly(FeatureVector.of(record).values());
    }
}
