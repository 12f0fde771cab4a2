package io.fraudstream.ingest.replay;

import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a long run: a progress bar (count, rate, ETA) on an interactive terminal, a plain log line every
 * {@code interval} otherwise (CI logs, redirected output). Single-threaded use.
 */
public abstract sealed class ProgressReporter implements AutoCloseable {

    /** Adds {@code n} units of work done. */
    public abstract void step(long n);

    @Override
    public abstract void close();

    /**
     * @param task  the label (e.g. "replay")
     * @param unit  the counted thing (e.g. "tx")
     * @param total expected total, or -1 if unknown
     */
    public static ProgressReporter create(String task, String unit, long total, Duration interval) {
        return isInteractiveTerminal() ? new Bar(task, unit, total) : new LogLines(task, unit, total, interval);
    }

    /** A reporter that reports nothing (tests, benchmarks). */
    public static ProgressReporter none() {
        return new Silent();
    }

    private static final class Silent extends ProgressReporter {
        @Override
        public void step(long n) {
            // nothing to report
        }

        @Override
        public void close() {
            // nothing to release
        }
    }

    /**
     * True when standard output is an interactive terminal. On JDK 22+ {@link System#console()} exists even when
     * output is redirected, so {@code Console.isTerminal()} is asked when available.
     */
    public static boolean isInteractiveTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only on a terminal
        }
    }

    private static final class Bar extends ProgressReporter {
        private final ProgressBar bar;

        Bar(String task, String unit, long total) {
            bar = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(total)
                    .setUnit(" " + unit, 1)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .showSpeed()
                    .setUpdateIntervalMillis(250)
                    .continuousUpdate()
                    .build();
        }

        @Override
        public void step(long n) {
            bar.stepBy(n);
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    private static final class LogLines extends ProgressReporter {
        private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);
        private final String task;
        private final String unit;
        private final long total;
        private final long intervalNanos;
        private final long start = System.nanoTime();
        private long nextReport;
        private long done;

        LogLines(String task, String unit, long total, Duration interval) {
            this.task = task;
            this.unit = unit;
            this.total = total;
            this.intervalNanos = interval.toNanos();
            this.nextReport = start + intervalNanos;
        }

        @Override
        public void step(long n) {
            done += n;
            long now = System.nanoTime();
            if (now >= nextReport) {
                nextReport = now + intervalNanos;
                double secs = (now - start) / 1e9;
                double rate = done / Math.max(secs, 1e-9);
                if (total > 0) {
                    long etaSecs = rate > 0 ? (long) ((total - done) / rate) : -1;
                    LOG.info(
                            "{}: {}/{} {} ({}%), {} {}/s, ETA {}",
                            task,
                            done,
                            total,
                            unit,
                            done * 100 / total,
                            Math.round(rate),
                            unit,
                            etaSecs < 0 ? "?" : Duration.ofSeconds(etaSecs));
                } else {
                    LOG.info("{}: {} {}, {} {}/s", task, done, unit, Math.round(rate), unit);
                }
            }
        }

        @Override
        public void close() {
            // the caller prints the summary
        }
    }
}
