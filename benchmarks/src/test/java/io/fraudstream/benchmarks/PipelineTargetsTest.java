package io.fraudstream.benchmarks;

import static io.fraudstream.benchmarks.PhaseResults.lag;
import static io.fraudstream.benchmarks.PhaseResults.ran;
import static io.fraudstream.benchmarks.PipelineTargets.Status.MET;
import static io.fraudstream.benchmarks.PipelineTargets.Status.NOT_MEASURED;
import static io.fraudstream.benchmarks.PipelineTargets.Status.NOT_MET;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineTargetsTest {

    private static final PipelineTargets.Maxima FAST = new PipelineTargets.Maxima(40_000, 100_000, 60_000, 200_000);

    @Test
    void shouldMeetEveryTargetOnAFastRun() {
        // Given a pipeline at 0.40 of the relay and 0.67 of its ceiling, quick at 5,000/s, flat for 60 s at 10,000/s
        List<PhaseResult> rows = List.of(
                ran(5_000, 60, 4_990, 40, 200, lag(60, 2_000, 0)), ran(10_000, 60, 9_950, 45, 250, lag(60, 3_000, 5)));

        // When
        var verdicts = PipelineTargets.evaluate(StreamsProfile.DEFAULT, FAST, rows);

        // Then
        assertThat(verdicts).extracting(PipelineTargets.Verdict::status).containsExactly(MET, MET, MET, MET, MET);
        assertThat(verdicts.getFirst().measured()).isEqualTo("0.40 (pipeline 40,000, relay 100,000 ev/s)");
        assertThat(verdicts.get(3).target()).isEqualTo("visible p99 <= 200 ms at 5,000 ev/s (default profile)");
    }

    @Test
    void shouldHoldTheLowLatencyProfileToAVisibleP99Of80Ms() {
        List<PhaseResult> rows = List.of(ran(5_000, 30, 4_990, 30, 120, lag(30, 500, 0)));

        var verdicts = PipelineTargets.evaluate(StreamsProfile.LOW_LATENCY, FAST, rows);

        assertThat(verdicts.get(2).status()).isEqualTo(MET);
        assertThat(verdicts.get(3).target()).contains("<= 80 ms").contains("low-latency");
        assertThat(verdicts.get(3).status()).isEqualTo(NOT_MET);
        assertThat(verdicts.get(3).measured()).isEqualTo("p99 120 ms (ok)");
    }

    @Test
    void shouldFailSlowRatiosAndAGrowingLagAndSayWhatWasNotMeasured() {
        // Given a slow pipeline, no ceiling run, no 5,000/s phase, and 10,000/s kept up but with a growing lag
        PipelineTargets.Maxima slow = new PipelineTargets.Maxima(12_000, 100_000, Double.NaN, 200_000);
        List<PhaseResult> rows = List.of(ran(10_000, 60, 9_500, 45, 250, lag(60, 3_000, 400)));

        // When
        var verdicts = PipelineTargets.evaluate(StreamsProfile.DEFAULT, slow, rows);

        // Then
        assertThat(verdicts)
                .extracting(PipelineTargets.Verdict::status)
                .containsExactly(NOT_MET, NOT_MEASURED, NOT_MEASURED, NOT_MEASURED, NOT_MET);
        assertThat(verdicts.get(1).measured()).contains("--no-shape-ceiling");
        assertThat(verdicts.get(2).measured()).contains("5,000 not in --rates");
        assertThat(verdicts.get(4).measured()).contains("GROWING");
    }

    @Test
    void shouldNotJudgeRatiosOverFewerThan200000Events() {
        // Given a short run, whose maxima are dominated by the start (consumer group join, first commits)
        PipelineTargets.Maxima shortRun = new PipelineTargets.Maxima(7_000, 2_800, 7_000, 5_000);

        // When
        var verdicts = PipelineTargets.evaluate(StreamsProfile.DEFAULT, shortRun, List.of());

        // Then
        assertThat(verdicts.getFirst().status()).isEqualTo(NOT_MEASURED);
        assertThat(verdicts.getFirst().measured())
                .isEqualTo("2.50 (pipeline 7,000, relay 2,800 ev/s) over 5,000 events "
                        + "(judged over 200,000: --events 200000)");
        assertThat(verdicts.get(1).status()).isEqualTo(NOT_MEASURED);
    }

    @Test
    void shouldNotCallAShortPhaseSustainedFor60Seconds() {
        List<PhaseResult> rows = List.of(ran(10_000, 10, 9_990, 45, 250, lag(10, 3_000, 0)));

        var verdict =
                PipelineTargets.evaluate(StreamsProfile.DEFAULT, FAST, rows).getLast();

        assertThat(verdict.status()).isEqualTo(NOT_MEASURED);
        assertThat(verdict.measured()).endsWith("(needs --seconds 60)");
    }

    @Test
    void shouldFailLatencyTargetsOfARateThatWasNotRunOrNotSustained() {
        List<PhaseResult> notRun =
                List.of(ran(1_000, 30, 600, 45, 250, lag(30, 0, 0)), PhaseResult.skipped(5_000, 30, null));
        List<PhaseResult> saturated = List.of(ran(5_000, 30, 3_000, 20, 60, lag(30, 0, 0)));

        assertThat(PipelineTargets.evaluate(StreamsProfile.DEFAULT, FAST, notRun)
                        .get(2)
                        .status())
                .isEqualTo(NOT_MET);
        assertThat(PipelineTargets.evaluate(StreamsProfile.DEFAULT, FAST, saturated)
                        .get(2))
                .isEqualTo(new PipelineTargets.Verdict(
                        "append p99 <= 40 ms at 5,000 ev/s", "p99 20 ms (saturated)", NOT_MET));
    }
}
