package io.fraudstream.dashboard;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The dashboard's own HTTP routes (the runtime adds {@code /health}, {@code /ready} and {@code /metrics}):
 * <ul>
 *     <li>{@code GET /}: the page; {@code GET /assets/{file}}: its script and style sheet, from the jar (nothing is
 *     fetched from elsewhere);</li>
 *     <li>{@code GET /api/summary}: a {@link Summary} as JSON, polled by the page every second (the ordering figures
 *     are the scraper's latest: the request never waits for a feature stream);</li>
 *     <li>{@code GET /report}: the newest training report, or 404.</li>
 * </ul>
 */
final class DashboardRoutes {

    static final String SUMMARY_PATH = "/api/summary";
    static final String REPORT_PATH = "/report";

    /** Classpath folder of the page's files. */
    private static final String RESOURCES = "/dashboard/";

    private static final Map<String, String> ASSETS = Map.of(
            "dashboard.js", "text/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8");

    private final LiveStats stats;
    private final TrainingReports reports;
    private final Clock clock;
    private final Supplier<Summary.Ordering> ordering;
    private final byte[] page;
    private final Map<String, byte[]> assets = new LinkedHashMap<>();

    /** @param ordering the feature stream's ordering figures as last scraped (cheap: no I/O) */
    DashboardRoutes(LiveStats stats, TrainingReports reports, Clock clock, Supplier<Summary.Ordering> ordering) {
        this.stats = stats;
        this.reports = reports;
        this.clock = clock;
        this.ordering = ordering;
        this.page = resource("index.html");
        ASSETS.keySet().forEach(name -> assets.put(name, resource(name)));
    }

    /** Adds the routes to {@code app}. */
    void register(Javalin app) {
        app.get("/", ctx -> send(ctx, "text/html; charset=utf-8", page));
        app.get("/assets/{file}", this::asset);
        app.get(SUMMARY_PATH, ctx -> ctx.header("Cache-Control", "no-store").json(summary()));
        app.get(REPORT_PATH, this::report);
    }

    /** The current snapshot with the newest report and the ordering figures. */
    Summary summary() {
        return stats.snapshot(clock.millis())
                .withReport(reports.describe(REPORT_PATH))
                .withOrdering(ordering.get());
    }

    private void asset(Context ctx) {
        String name = ctx.pathParam("file");
        String type = ASSETS.get(name);
        if (type == null) {
            throw new NotFoundResponse("no asset " + name);
        }
        send(ctx, type, assets.get(name));
    }

    private void report(Context ctx) throws IOException {
        Optional<Path> newest = reports.newest();
        if (newest.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND)
                    .contentType("text/html; charset=utf-8")
                    .result("<!DOCTYPE html><meta charset='utf-8'><title>No training report</title>"
                            + "<p>No training report yet: the trainer writes one per run under "
                            + escape(reports.dir().toAbsolutePath().toString())
                            + " (run <code>./fraudstream train</code>).</p>");
            return;
        }
        send(ctx, "text/html; charset=utf-8", Files.readAllBytes(newest.get()));
    }

    private static void send(Context ctx, String type, byte[] body) {
        ctx.header("Cache-Control", "no-cache").contentType(type).result(body);
    }

    private static byte[] resource(String name) {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCES + name + " missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
