package io.fraudstream.trainer.data;

import static io.fraudstream.trainer.TestFeatures.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraudstream.features.FeatureSet;
import io.fraudstream.features.FeatureVector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RowFilesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"rows.avro", "rows.csv"})
    void shouldReadBackWhatItWrote(String name) {
        LabelledData data = data();
        Path file = dir.resolve(name);

        RowFiles.write(data, file);
        LabelledData back = RowFiles.read(file, new TimeWindow(day(0), day(10)));

        assertThat(back.rows()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            LabelledRow a = data.rows().get(i);
            LabelledRow b = back.rows().get(i);
            assertThat(b.transactionId()).isEqualTo(a.transactionId());
            assertThat(b.cardToken()).isEqualTo(a.cardToken());
            assertThat(b.eventTimeMs()).isEqualTo(a.eventTimeMs());
            assertThat(b.fraud()).isEqualTo(a.fraud());
            assertThat(b.features()).containsExactly(a.features());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rows.avro", "rows.csv"})
    void shouldReadOnlyTheRequestedWindow(String name) {
        Path file = dir.resolve(name);
        RowFiles.write(data(), file);

        LabelledData back = RowFiles.read(file, new TimeWindow(day(2), day(10)));

        assertThat(back.rows()).extracting(LabelledRow::transactionId).containsExactly("t2");
        assertThat(back.stats().outsideWindow()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAFileOfAnotherFeatureSetVersion() throws Exception {
        Path file = dir.resolve("old.csv");
        RowFiles.write(data(), file);
        List<String> lines = Files.readAllLines(file);
        lines.set(0, "# featureSetVersion=features-v0");
        Files.write(file, lines);

        assertThatThrownBy(() -> RowFiles.read(file, new TimeWindow(day(0), day(10))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("features-v0");
    }

    @Test
    void shouldSplitQuotedCsvCells() {
        assertThat(RowFiles.split("a,\"b,c\",\"d\"\"e\",")).containsExactly("a", "b,c", "d\"e", "");
    }

    private static LabelledData data() {
        int width = FeatureVector.featureNames().size();
        double[] v1 = new double[width];
        double[] v2 = new double[width];
        for (int i = 0; i < width; i++) {
            v1[i] = i * 0.1;
            v2[i] = -i * 1e-7 + 3;
        }
        return new LabelledData(
                FeatureSet.VERSION,
                FeatureVector.featureNames(),
                List.of(
                        new LabelledRow("t1", "card,with \"comma\"", day(1).toEpochMilli(), true, v1),
                        new LabelledRow("t2", "card-b", day(3).toEpochMilli(), false, v2)),
                new LoadStats("test", 2, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0));
    }
}
