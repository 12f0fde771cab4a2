package io.fraudstream.benchmarks;

import java.util.Locale;

/**
 * The outcome of one offered rate: the pipeline's figures (unless {@code ran} is false: skipped once a lower rate
 * saturated the pipeline), its applications' lag sampled while the rate was offered, and, where measured, the
 * relay's and the one-hop ceiling's latency at the same rate. A record comes out either scored or dead-lettered (e.g. a
 * currency without a configured rate); latencies are of the scored ones.
 *
 * @param seconds        length of the offered-rate phase
 * @param latency        raw append → scored append
 * @param visible        raw append → received by a {@code read_committed} consumer
 * @param relay          the relay's append → append at this rate (null if not measured)
 * @param ceiling        the one-hop ceiling's append → append at this rate (null if not measured)
 * @param ceilingVisible the one-hop ceiling's raw append → received {@code read_committed} (null if not measured)
 * @param hold           p50 and p99 (ms) of the ordering hold at the merchant stage (NaN if not known)
 */
record PhaseResult(
        int offered,
        boolean ran,
        int seconds,
        int sent,
        int scored,
        int deadLettered,
        double achieved,
        Latencies latency,
        Latencies visible,
        Latencies relay,
        Latencies ceiling,
        Latencies ceilingVisible,
        double[] hold,
        LagSeries lag) {

    /** A rate is sustained if the achieved rate is at least this share of it (and everything came out). */
    static final double SUSTAINED = 0.9;

    /** A rate not run, with the relay's latency at it if measured. */
    static PhaseResult skipped(int offered, int seconds, Latencies relay) {
        return new PhaseResult(
                offered,
                false,
                seconds,
                0,
                0,
                0,
                Double.NaN,
                new Latencies(),
                new Latencies(),
                relay,
                null,
                null,
                new double[] {Double.NaN, Double.NaN},
                new LagSeries());
    }

    /** This result with the one-hop ceiling's latencies at its rate. */
    PhaseResult withCeiling(Latencies appendToAppend, Latencies visibleLatency) {
        return new PhaseResult(
                offered,
                ran,
                seconds,
                sent,
                scored,
                deadLettered,
                achieved,
                latency,
                visible,
                relay,
                appendToAppend,
                visibleLatency,
                hold,
                lag);
    }

    boolean allOut() {
        return scored + deadLettered == sent;
    }

    /** Kept up: everything came out, at (nearly) the offered rate. */
    boolean sustained() {
        return ran && allOut() && achieved >= SUSTAINED * offered;
    }

    String status() {
        if (!ran) {
            return "not run";
        }
        if (!allOut()) {
            return String.format(
                    Locale.ROOT, "incomplete, %d%% out", sent == 0 ? 0 : 100L * (scored + deadLettered) / sent);
        }
        return sustained() ? "ok" : "saturated";
    }
}
