package io.fraudstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingReportsTest {

    @TempDir
    Path dir;

    @Test
    void shouldPickTheNewestRunThatWroteAReport() throws IOException {
        // Given two runs with reports and a newer one still running (no report yet)
        run("20250101-120000", true);
        run("20250301-090000", true);
        run("20250401-000000", false);

        TrainingReports reports = new TrainingReports(dir);

        assertThat(reports.newest()).contains(dir.resolve("20250301-090000").resolve("report.html"));
        assertThat(reports.describe("/report")).isEqualTo(new Summary.Report(true, "20250301-090000", "/report"));
    }

    @Test
    void shouldHaveNoReportWithoutADirectory() {
        TrainingReports reports = new TrainingReports(dir.resolve("never-trained"));

        assertThat(reports.newest()).isEmpty();
        assertThat(reports.describe("/report")).isEqualTo(Summary.Report.none());
    }

    private void run(String name, boolean withReport) throws IOException {
        Path run = Files.createDirectories(dir.resolve(name));
        if (withReport) {
            Files.writeString(run.resolve("report.html"), "<html>" + name + "</html>");
        }
    }
}
