package io.fraudstream.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's report directory ({@value DashboardConfig#REPORT_DIR}): one subdirectory per run, named by the
 * trainer after its start time ({@code yyyyMMdd-HHmmss}, UTC, so name order is run order), holding
 * {@code report.html}. Looked up on every call, so a run that finishes while the dashboard runs shows at once.
 */
final class TrainingReports {

    /** The report file in each run directory. */
    static final String REPORT_FILE = "report.html";

    private static final Logger log = LoggerFactory.getLogger(TrainingReports.class);

    private final Path dir;

    TrainingReports(Path dir) {
        this.dir = dir;
    }

    /** The newest run's {@code report.html}, if any run wrote one. */
    Optional<Path> newest() {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> runs = Files.list(dir)) {
            return runs.filter(run -> Files.isRegularFile(run.resolve(REPORT_FILE)))
                    .max(Comparator.comparing(run -> run.getFileName().toString()))
                    .map(run -> run.resolve(REPORT_FILE));
        } catch (IOException e) {
            log.warn("cannot list the training reports in {}: {}", dir.toAbsolutePath(), e.toString());
            return Optional.empty();
        }
    }

    /** The newest report as the summary describes it, served at {@code path}. */
    Summary.Report describe(String path) {
        return newest().map(f ->
                        new Summary.Report(true, f.getParent().getFileName().toString(), path))
                .orElseGet(Summary.Report::none);
    }

    /** The directory, for messages. */
    Path dir() {
        return dir;
    }
}
