package io.fraudstream.launcher;

import io.fraudstream.dashboard.Summary;
import io.fraudstream.featurestream.FeatureStreamConfig;
import io.fraudstream.ingest.generator.GeneratorSettings;
import io.fraudstream.ingest.replay.ProgressReporter;
import io.fraudstream.inprocess.HistoryTraining;
import io.fraudstream.inprocess.Pipeline;
import io.fraudstream.inprocess.ScoredTally;
import io.fraudstream.inprocess.Traffic;
import io.fraudstream.localstack.LocalStack;
import io.fraudstream.localstack.LocalStackSettings;
import io.fraudstream.runtime.logging.Logging;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.trainer.Progress;
import io.fraudstream.trainer.RunOptions;
import io.fraudstream.trainer.TrainingOutcome;
import io.fraudstream.trainer.cli.TrainCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./fraudstream demo}: the whole system with one command. Starts a fresh local stack and, in this JVM, the
 * one-hop application (feature stream and scoring in one Kafka Streams application), the HTTP ingest service and the
 * dashboard; generates a compressed history with fraud scenarios and late labels (decided by rules alone, as a system
 * without a model would);
 * waits until the history is featured; trains and publishes a first model; then keeps live traffic flowing (event
 * time running {@code --speed} times faster than the clock) with that model in service, printing a live line. Ctrl-C
 * stops everything.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run the whole pipeline on a fresh local stack: history -> features -> train -> publish -> live scoring.",
            "Prints where the dashboard and the training report are, then a live line every 2 s. Ctrl-C stops everything."
        })
final class DemoCommand implements Callable<Integer> {

    @Option(
            names = "--dir",
            defaultValue = ".fraudstream/demo",
            description = "Working directory (stack, state, reports); wiped at start. Default: ${DEFAULT-VALUE}")
    Path dir;

    @Option(names = "--cards", defaultValue = "2000", description = "Cardholders. Default: ${DEFAULT-VALUE}")
    int cards;

    @Option(
            names = "--days",
            defaultValue = "30",
            description = "Days of history to generate and train on. Default: ${DEFAULT-VALUE}")
    int days;

    @Option(
            names = "--tx-per-card-day",
            defaultValue = "4",
            description = "Legitimate transactions per card per day. Default: ${DEFAULT-VALUE}")
    double txPerCardDay;

    @Option(
            names = "--fraud-boost",
            defaultValue = "10",
            description = "Fraud scenario rates as a multiple of the generator's defaults. Default: ${DEFAULT-VALUE}")
    double fraudBoost;

    @Option(
            names = "--speed",
            defaultValue = "4000",
            description =
                    "Live traffic: event time runs this many times faster than the clock. Default: ${DEFAULT-VALUE}")
    double speed;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of the generated traffic. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(
            names = "--dashboard-port",
            defaultValue = "8090",
            description = "Dashboard port (0: any free one). Default: ${DEFAULT-VALUE}")
    int dashboardPort;

    @Option(
            names = "--ingest-port",
            defaultValue = "8080",
            description = "HTTP ingest port (0: any free one). Default: ${DEFAULT-VALUE}")
    int ingestPort;

    @Option(
            names = "--duration",
            description = "Stop after this long in the live phase (ISO-8601, e.g. PT5M). Default: until Ctrl-C")
    Duration duration;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--split",
            description = "Run the feature stream and the scoring service apart (the split deployment) "
                    + "instead of the one-hop application.")
    boolean split;

    @Option(
            names = "--verbose",
            description = "Log at INFO (default: warnings and errors only, so the live line stays readable).")
    boolean verbose;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        Logging.install();
        if (!verbose) {
            for (String name : new String[] {org.slf4j.Logger.ROOT_LOGGER_NAME, "io.fraudstream"}) {
                ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name))
                        .setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        Thread hook = new Thread(
                () -> {
                    stopRequested.countDown();
                    try {
                        stopped.await(); // let the main thread stop the services and the stack in order
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run(out);
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for us
            }
        }
    }

    private int run(PrintWriter out) throws Exception {
        wipe(dir);
        say(
                out,
                "fraudstream demo: starting a local Kafka broker and schema registry in %s (library logs: %s)",
                dir.resolve("stack"),
                FraudstreamCli.home().relativize(FraudstreamCli.logFile(new String[] {"demo"})));
        try (LocalStack stack = LocalStack.start(LocalStackSettings.defaults(dir.resolve("stack")))) {
            // the catalogue's default topic names (ids and names coincide), so any other tool finds them
            Pipeline.Settings settings = new Pipeline.Settings(
                            stack.bootstrapServers(),
                            stack.registryUrl(),
                            Map.of(),
                            "demo-",
                            dir.resolve("state"),
                            secret(),
                            Optional.of(secret()),
                            ingestPort,
                            Optional.of(dashboardPort),
                            dir.resolve("reports"),
                            Map.of("commit.interval.ms", "100"),
                            Map.of())
                    .withFeatures(Map.of(FeatureStreamConfig.MERCHANT_LAG, Long.toString(merchantLagMs(speed))))
                    .with(split ? Pipeline.Deployment.SPLIT : Pipeline.Deployment.ONE_HOP);
            say(
                    out,
                    "starting %s, the ingest service and the dashboard",
                    split
                            ? "the feature stream, the scoring service"
                            : "the one-hop application (feature stream and scoring in one Kafka Streams application)");
            try (Pipeline pipeline = Pipeline.start(settings);
                    Admin admin = Admin.create(Map.<String, Object>of(
                            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
                pipeline.awaitRunning(Duration.ofMinutes(3));
                String dashboard = pipeline.dashboard().orElseThrow().url();
                say(out, "dashboard:      %s", dashboard);
                say(
                        out,
                        "HTTP ingest:    http://127.0.0.1:%d/v1/transactions (OpenAPI at /openapi.json)",
                        pipeline.ingest().orElseThrow().port());
                say(
                        out,
                        "scoring:        http://127.0.0.1:%d/v1/models/current, /v1/scores/{transactionId}",
                        pipeline.scoring().httpPort());
                if (stopRequested.getCount() == 0) {
                    return 0;
                }

                // 1. history, 2. train and publish
                Instant historyStart =
                        Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(days + 365L));
                GeneratorSettings history =
                        Traffic.settings(seed, historyStart, Duration.ofDays(days), cards, txPerCardDay, fraudBoost);
                Traffic.Truth truth = new Traffic.Truth();
                say(
                        out,
                        "generating %d days of history (%d cards, fraud scenarios, labels days late), compressed",
                        days,
                        cards);
                TrainingOutcome trained;
                try (ProgressReporter progress = ProgressReporter.create("history", "tx", -1, Duration.ofSeconds(5))) {
                    trained = HistoryTraining.run(
                            settings,
                            admin,
                            history,
                            truth,
                            progress,
                            HistoryTraining.SHORT_HISTORY,
                            RunOptions.defaults(),
                            Progress.bars(),
                            line -> say(out, "%s", line),
                            Duration.ofMinutes(20));
                }
                TrainCli.printSummary(out, trained);
                long version = trained.published()
                        .map(TrainingOutcome.Published::version)
                        .orElseThrow(() -> new IllegalStateException(
                                "the trainer did not publish a model: " + trained.decision()));
                Pipeline.awaitChampion(pipeline.scoring(), version, Duration.ofMinutes(1));
                say(
                        out,
                        "model v%d in service; training report: %s",
                        version,
                        trained.reportDir().resolve("report.html").toAbsolutePath());

                // 3. live
                GeneratorSettings live = Traffic.continuation(history, Duration.ofDays(360));
                Thread traffic = Thread.ofPlatform()
                        .name("demo-live-traffic")
                        .daemon()
                        .start(() -> {
                            try {
                                Traffic.accelerated(Pipeline.generatorConfig(settings), live, speed, truth);
                            } catch (RuntimeException e) {
                                if (stopRequested.getCount() > 0) {
                                    out.println("live traffic stopped: " + e.getMessage());
                                }
                            }
                        });
                say(
                        out,
                        "live traffic: event time %.0fx faster than the clock, model v%d deciding; dashboard %s; Ctrl-C stops",
                        speed,
                        version,
                        dashboard);
                try (ScoredTally tally = ScoredTally.start(
                        stack.bootstrapServers(), stack.registryUrl(), TopicCatalogue.TRANSACTIONS_SCORED, truth)) {
                    long until = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
                    while (System.nanoTime() < until
                            && !stopRequested.await(2, java.util.concurrent.TimeUnit.SECONDS)) {
                        out.println(liveLine(pipeline.dashboard().orElseThrow().summary(), tally));
                        out.flush();
                    }
                } finally {
                    traffic.interrupt();
                    traffic.join(10_000);
                }
                say(out, "stopping");
                return 0;
            }
        }
    }

    static String liveLine(Summary s, ScoredTally tally) {
        Map<String, Long> d = s.decisions().window();
        long total = Math.max(1, d.values().stream().mapToLong(Long::longValue).sum());
        Summary.Serving serving = s.models().serving();
        return String.format(
                Locale.ROOT,
                "%s  %6.0f ev/s | approve %5.1f%% review %4.1f%% decline %4.1f%% | fraud caught %d/%d | model %s | e2e p99 %s",
                Instant.now().truncatedTo(ChronoUnit.SECONDS),
                s.throughput().eventsPerSecond(),
                100.0 * d.getOrDefault("APPROVE", 0L) / total,
                100.0 * d.getOrDefault("REVIEW", 0L) / total,
                100.0 * d.getOrDefault("DECLINE", 0L) / total,
                tally.fraudCaught(),
                tally.fraudScored(),
                serving == null || serving.version() == null
                        ? "rules only"
                        : serving.modelId() + " v" + serving.version(),
                s.latency().p99Ms() == null ? "-" : s.latency().p99Ms() + " ms");
    }

    private static String secret() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private static void wipe(Path dir) throws IOException {
        if (Files.exists(dir.resolve("stack"))) {
            LocalStack.stop(dir.resolve("stack"), Duration.ofSeconds(10)); // a demo left running by a killed JVM
        }
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
    }

    private static void say(PrintWriter out, String format, Object... args) {
        out.printf(Locale.ROOT, "==> " + format + "%n", args);
        out.flush();
    }

    /**
     * The merchant lag for live traffic whose event time runs {@code speed} times faster than the clock: 3 s of wall
     * clock (the watermark idle time of 2 s, the publish interval and a commit), so that, as in real live traffic, no
     * transaction waits for merchant state. At the default 4,000x that is 3 h 20 min of event time (the default for
     * real time is 5 s); the model is trained on the same features, so it is consistent. At most a day.
     */
    static long merchantLagMs(double speed) {
        return (long) Math.min(java.time.Duration.ofDays(1).toMillis(), Math.max(1, speed) * 3_000);
    }
}
