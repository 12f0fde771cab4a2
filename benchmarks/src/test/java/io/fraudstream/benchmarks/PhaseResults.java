package io.fraudstream.benchmarks;

/** Test data: pipeline results at one rate, built with named figures. */
final class PhaseResults {

    private PhaseResults() {}

    /** 1,000 latencies whose p50 is half {@code p99Ms} and whose p99 (and max) is {@code p99Ms}. */
    static Latencies withP99(long p99Ms) {
        Latencies l = new Latencies();
        for (int i = 0; i < 1000; i++) {
            l.add(i < 989 ? p99Ms / 2 : p99Ms);
        }
        return l;
    }

    /** A lag of {@code level} records sampled every 5 s for {@code seconds}, growing by {@code perSecond}. */
    static LagSeries lag(int seconds, long level, double perSecond) {
        LagSeries s = new LagSeries();
        for (int t = 5; t <= seconds; t += 5) {
            s.add(t, level + Math.round(perSecond * t));
        }
        return s;
    }

    /** Everything out (3 dead-lettered) at {@code achieved} events/s, with these p99s and this lag. */
    static PhaseResult ran(
            int offered, int seconds, double achieved, long appendP99Ms, long visibleP99Ms, LagSeries lag) {
        int sent = offered * seconds;
        return new PhaseResult(
                offered,
                true,
                seconds,
                sent,
                sent - 3,
                3,
                achieved,
                withP99(appendP99Ms),
                withP99(visibleP99Ms),
                null,
                null,
                null,
                new double[] {Double.NaN, Double.NaN},
                lag);
    }
}
