package io.fraudstream.benchmarks;

import static io.fraudstream.benchmarks.PhaseResults.lag;
import static io.fraudstream.benchmarks.PhaseResults.ran;
import static io.fraudstream.benchmarks.PhaseResults.withP99;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineReportTest {

    private static final String PREFIX = "bench.pipeline.x.pipeline-";
    private static final PipelineTargets.Maxima MAX = new PipelineTargets.Maxima(12_000, 100_000, 24_000, 200_000);

    private static PipelineReport report() {
        Map<String, String> streams = new LinkedHashMap<>();
        streams.put("commit.interval.ms", "20");
        streams.put("num.stream.threads", "2");
        PhaseResult at1k = ran(1_000, 30, 998, 35, 70, lag(30, 100, 0)).withCeiling(withP99(12), withP99(30));
        List<PhaseResult> rows = List.of(at1k, PhaseResult.skipped(5_000, 30, withP99(8)));
        List<ChangelogBytes.Entry> changelog = List.of(
                new ChangelogBytes.Entry(
                        "max", PREFIX + "app-card-history-changelog", ChangelogBytes.Kind.CHANGELOG, 480_000, 1_200),
                new ChangelogBytes.Entry(
                        "1000/s",
                        PREFIX + "app-card-history-changelog",
                        ChangelogBytes.Kind.CHANGELOG,
                        15_000,
                        30_000));
        return new PipelineReport(
                StreamsProfile.LOW_LATENCY,
                streams,
                3,
                PREFIX,
                rows,
                MAX,
                PipelineTargets.evaluate(StreamsProfile.LOW_LATENCY, MAX, rows),
                changelog);
    }

    @Test
    void shouldWriteOneCsvLinePerRateWithTheRatiosAndTheLag() {
        // When
        List<String> lines = report().csv().lines().toList();

        // Then
        assertThat(lines).hasSize(3);
        assertThat(lines.getFirst())
                .startsWith("offered_eps,status,achieved_eps,seconds,sent,scored,dead_lettered,p50_ms,p99_ms")
                .contains(",lag_first,lag_last,lag_max,lag_slope_per_s,lag_trend,")
                .contains(
                        ",pipeline_max_eps,relay_max_eps,ceiling_max_eps,pipeline_relay_ratio,pipeline_ceiling_ratio,profile,");
        assertThat(lines.get(1))
                .isEqualTo("1000,ok,998,30,30000,29997,3,17,35,35,35,35,70,100,100,100,0.0,flat,,,,6,12,30,"
                        + "12000,100000,24000,0.120,0.500,low-latency,20,2,,");
        assertThat(lines.get(2)).startsWith("5000,not run,,30,0,0,0,,,,,,,,,,,,4,8,8,,,,12000,");
        assertThat(lines.get(1).split(",", -1)).hasSameSizeAs(lines.getFirst().split(",", -1));
    }

    @Test
    void shouldWriteTargetsLagAndChangelogTables() {
        PipelineReport r = report();

        assertThat(r.targetsCsv().lines()).first().isEqualTo("target,measured,status");
        assertThat(r.targetsCsv())
                .contains("pipeline / relay >= 0.35,\"0.12 (pipeline 12,000, relay 100,000 ev/s)\",NOT met");
        assertThat(r.lagCsv().lines())
                .containsExactly(
                        "offered_eps,seconds,lag",
                        "1000,5.0,100",
                        "1000,10.0,100",
                        "1000,15.0,100",
                        "1000,20.0,100",
                        "1000,25.0,100",
                        "1000,30.0,100");
        assertThat(r.changelogCsv().lines())
                .containsExactly(
                        "phase,topic,kind,bytes,events,bytes_per_event",
                        "max," + PREFIX + "app-card-history-changelog,changelog,480000,1200,400.0",
                        "1000/s," + PREFIX + "app-card-history-changelog,changelog,15000,30000,0.5");
    }

    @Test
    void shouldPrintTheRatiosWithTheirTargetsAndTheChangelogPerTopic() {
        StringWriter s = new StringWriter();

        report().print(new PrintWriter(s));

        assertThat(s.toString())
                .contains(
                        "HEADLINE pipeline / relay = 0.12, pipeline / one-hop ceiling = 0.50 (pipeline 12,000, relay 100,000, ceiling 24,000 ev/s)")
                .contains("NOT met        pipeline / one-hop ceiling >= 0.60")
                .contains("app-card-history-changelog changelog          400.0          0.5")
                .doesNotContain(PREFIX + "app");
        assertThat(report().svg()).startsWith("<svg").contains("one-hop ceiling max 24,000 ev/s");
    }

    @Test
    void shouldQuoteCsvFieldsWithCommasOrQuotes() {
        assertThat(PipelineReport.quote("plain")).isEqualTo("plain");
        assertThat(PipelineReport.quote("a, \"b\"")).isEqualTo("\"a, \"\"b\"\"\"");
    }
}
