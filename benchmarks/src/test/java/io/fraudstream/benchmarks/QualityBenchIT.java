package io.fraudstream.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./fraudstream bench quality} end to end on a small history: a temporary local stack, the history through 1
 * and 3 partitions, every feature record compared, then the weekly back-test of the trained model against the
 * baseline, with an ablation; the table, CSV and SVG. Model quality on so small a history is noise, so only the
 * report's shape and finite figures are checked here; the exactness is checked in full.
 */
class QualityBenchIT {

    @Test
    void shouldCompareOneAndThreePartitionsAndBackTestTheModelAgainstTheBaseline(@TempDir Path dir) throws Exception {
        StringWriter console = new StringWriter();
        CommandLine cli = new CommandLine(new QualityBench());
        cli.setOut(new PrintWriter(console, true));
        cli.setErr(new PrintWriter(console, true));

        int exit = cli.execute(
                "--cards",
                "300",
                "--days",
                "120", // the warm-up (37 days), the default 30-day maturity before each test week, enough to search on
                "--folds",
                "2",
                "--partitions",
                "3",
                "--ablate",
                "terminal",
                "--stack-dir",
                dir.resolve("stack").toString(),
                "--out",
                dir.resolve("report").toString());

        String out = console.toString();
        assertThat(exit).as(out).isZero();
        assertThat(out)
                .containsPattern("1 vs 3 partitions: [0-9,]+ records compared, 0 differ, 0 missing, 0 extra")
                .contains(
                        "features: 0 mismatches between 1 and [3] partitions",
                        "without terminal*",
                        "the trained model's average precision beats the baseline's in");
        assertThat(out.lines().filter(l -> l.startsWith("mean ")).findFirst())
                .hasValueSatisfying(mean -> assertThat(mean).doesNotContain("NaN"));
        List<String> csv = Files.readAllLines(dir.resolve("report/quality.csv"));
        assertThat(csv).hasSize(1 + 2 * 3); // header, then per fold: model, baseline, the ablation
        assertThat(csv.get(1)).startsWith("0,").contains(",model,");
        assertThat(Files.readString(dir.resolve("report/quality.svg"))).contains("Average precision per test week");
    }
}
