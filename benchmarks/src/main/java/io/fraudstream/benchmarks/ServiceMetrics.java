package io.fraudstream.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;

/** Figures the benchmark reads from a service's Prometheus {@code /metrics} text. */
final class ServiceMetrics {

    private ServiceMetrics() {}

    /** The {@code /metrics} text of the service on {@code port} of this host. */
    static String scrape(int port) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /**
     * p50 and p99 in ms of the summary {@code name} (in seconds, e.g. {@code fraudstream_features_ordering_hold_seconds}),
     * NaN for a quantile not there.
     */
    static double[] quantilesMs(String metrics, String name) {
        double[] out = {Double.NaN, Double.NaN};
        for (String line : metrics.lines().filter(l -> l.startsWith(name + "{")).toList()) {
            double ms = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) * 1000;
            if (line.contains("quantile=\"0.5\"")) {
                out[0] = ms;
            } else if (line.contains("quantile=\"0.99\"")) {
                out[1] = ms;
            }
        }
        return out;
    }

    /** REVIEW + DECLINE over all of {@code fraudstream_scoring_decisions_total}: "1.23 % of 4,567", or "-" if none. */
    static String alertShare(String metrics) {
        double all = 0;
        double alerts = 0;
        for (String line : metrics.lines()
                .filter(l -> l.startsWith("fraudstream_scoring_decisions_total{"))
                .toList()) {
            double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            all += v;
            if (line.contains("decision=\"review\"") || line.contains("decision=\"decline\"")) {
                alerts += v;
            }
        }
        return all == 0 ? "-" : String.format(Locale.ROOT, "%.2f %% of %,.0f", 100 * alerts / all, all);
    }
}
