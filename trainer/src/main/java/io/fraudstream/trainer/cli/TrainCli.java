package io.fraudstream.trainer.cli;

import io.fraudstream.runtime.config.ConfigDocumentation;
import io.fraudstream.runtime.config.ConfigLoader;
import io.fraudstream.runtime.config.KnownKeys;
import io.fraudstream.runtime.config.LocalStackFile;
import io.fraudstream.trainer.Progress;
import io.fraudstream.trainer.RunOptions;
import io.fraudstream.trainer.TrainJob;
import io.fraudstream.trainer.TrainerConfig;
import io.fraudstream.trainer.TrainingOutcome;
import io.fraudstream.trainer.publish.ChampionGate;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train}: reads labelled history, trains, evaluates, reports and publishes a signed model. Runs from the
 * trainer's own jar ({@link io.fraudstream.trainer.TrainerMain}) and as {@code ./fraudstream train}.
 *
 * <p>Exit codes: 0 done (published, dry run or export), 3 trained but not published (the champion gate said no),
 * 1 error, 2 usage error.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        versionProvider = TrainCli.Version.class,
        description = {
            "Train a fraud model on labelled history from Kafka (or a file), evaluate it on a held-out later period,",
            "write an offline HTML report + metrics.json and publish it, signed, to fraud.models if it beats the champion."
        })
public class TrainCli implements Callable<Integer> {

    /** Exit code when the model was trained but the champion gate kept it from publishing. */
    public static final int NOT_PUBLISHED = 3;

    /** Configuration options shared with the training benchmark ({@code ./fraudstream train bench}, benchmarks module). */
    public static final class ConfigOptions {
        @Option(
                names = "--config",
                paramLabel = "FILE",
                description = "Properties file with the configuration (see --help-config).")
        Path configFile;

        @Option(
                names = {"-D", "--set"},
                paramLabel = "KEY=VALUE",
                description = "Set a configuration key (repeatable); wins over the file and the environment.")
        Map<String, String> overrides = new LinkedHashMap<>();

        @Option(
                names = "--dir",
                paramLabel = "DIR",
                description =
                        "Connect to the local stack started with './fraudstream local start --dir DIR' (reads DIR/"
                                + LocalStackFile.NAME
                                + "; FRAUDSTREAM_LOCAL_STACK_FILE does the same from the environment).")
        Path stackDir;

        @Option(names = "--help-config", description = "Print every configuration key with its default and exit.")
        boolean helpConfig;

        @Option(names = "--no-progress", description = "No progress bars.")
        boolean noProgress;

        /**
         * Loads the config; {@code defaultLocalStackFile} applies unless {@code --dir} or local.stack.file says
         * otherwise; environment variables of {@code knownKeys} the trainer does not declare are ignored.
         */
        public TrainerConfig load(
                Optional<Path> defaultLocalStackFile, KnownKeys knownKeys, Map<String, String> extra) {
            Map<String, String> all = new LinkedHashMap<>(extra);
            all.putAll(overrides);
            ConfigLoader loader =
                    ConfigLoader.create().withKnownKeys(knownKeys).withPropertiesFile(Optional.ofNullable(configFile));
            return LocalStackFile.locate(loader, Optional.ofNullable(stackDir), defaultLocalStackFile, all)
                    .load(TrainerConfig.definition(), TrainerConfig::new);
        }

        /** Whether {@code --set} gave {@code key}. */
        public boolean isSet(String key) {
            return overrides.containsKey(key);
        }

        /** Progress bars, unless {@code --no-progress}. */
        public Progress progress() {
            return noProgress ? Progress.none() : Progress.bars();
        }
    }

    /** How to publish: at most one. */
    static final class Publishing {
        @Option(names = "--force", description = "Publish as champion even if it does not beat the champion.")
        boolean force;

        @Option(
                names = "--challenger",
                description = "Publish to the challenger slot (scored in shadow), whatever the figures.")
        boolean challenger;

        @Option(names = "--dry-run", description = "Write the report only; publish nothing (no signing key needed).")
        boolean dryRun;

        ChampionGate.Mode mode() {
            return force
                    ? ChampionGate.Mode.FORCE
                    : challenger
                            ? ChampionGate.Mode.CHALLENGER
                            : dryRun ? ChampionGate.Mode.DRY_RUN : ChampionGate.Mode.GATED;
        }
    }

    @picocli.CommandLine.Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--from", paramLabel = "TIME", description = "Window start, event time: ISO instant or date (UTC).")
    String from;

    @Option(
            names = "--to",
            paramLabel = "TIME",
            description = "Window end (exclusive), event time: ISO instant or date (UTC).")
    String to;

    @Option(
            names = "--last",
            paramLabel = "DAYS",
            description = "Only the last DAYS days of data (ending at --to or the latest transaction).")
    Integer lastDays;

    @Option(
            names = "--input",
            paramLabel = "FILE",
            description = "Read labelled rows from FILE (.avro or .csv, as written by --export) instead of Kafka.")
    Path input;

    @Option(
            names = "--export",
            paramLabel = "FILE",
            description = "Write the labelled rows of the window to FILE (.avro or .csv).")
    Path export;

    @Option(names = "--export-only", description = "Stop after --export.")
    boolean exportOnly;

    @Option(names = "--report-dir", paramLabel = "DIR", description = "Where reports go (a subdirectory per run).")
    Path reportDir;

    @ArgGroup(exclusive = true)
    Publishing publishing = new Publishing();

    @Spec
    CommandSpec spec;

    private final Optional<Path> defaultLocalStackFile;
    private final KnownKeys knownKeys;

    /** A command that reads the local stack's connection file {@code defaultLocalStackFile} if it exists. */
    public TrainCli(Optional<Path> defaultLocalStackFile) {
        this(defaultLocalStackFile, KnownKeys.none());
    }

    /**
     * Like {@link #TrainCli(Optional)}, run beside other services whose keys are {@code knownKeys}: their
     * environment variables are ignored quietly.
     */
    public TrainCli(Optional<Path> defaultLocalStackFile, KnownKeys knownKeys) {
        this.defaultLocalStackFile = defaultLocalStackFile;
        this.knownKeys = knownKeys;
    }

    /** The local stack file this command defaults to. */
    public Optional<Path> defaultLocalStackFile() {
        return defaultLocalStackFile;
    }

    /** The keys of the services this command runs beside. */
    public KnownKeys knownKeys() {
        return knownKeys;
    }

    @Override
    public Integer call() {
        try {
            return run();
        } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
            // environment failures (broker unreachable, topic too small for the model): the message says what to do
            spec.commandLine()
                    .getErr()
                    .println(spec.commandLine().getColorScheme().errorText("error: " + e.getMessage()));
            return 1;
        }
    }

    private Integer run() {
        PrintWriter out = spec.commandLine().getOut();
        if (config.helpConfig) {
            out.println(ConfigDocumentation.describe(TrainerConfig.definition()));
            return 0;
        }
        TrainerConfig cfg = config.load(defaultLocalStackFile, knownKeys, cliOverrides());
        RunOptions options = new RunOptions(
                Optional.ofNullable(input),
                Optional.ofNullable(export),
                exportOnly,
                publishing == null ? ChampionGate.Mode.GATED : publishing.mode());
        Optional<TrainingOutcome> outcome = new TrainJob(cfg, options, config.progress()).run();
        if (outcome.isEmpty()) {
            out.println("exported the labelled rows to " + export.toAbsolutePath());
            return 0;
        }
        printSummary(out, outcome.get());
        return outcome.get().decision().outcome() == ChampionGate.Outcome.NOT_PUBLISHED ? NOT_PUBLISHED : 0;
    }

    private Map<String, String> cliOverrides() {
        Map<String, String> m = new LinkedHashMap<>();
        if (from != null) m.put(TrainerConfig.WINDOW_FROM, from);
        if (to != null) m.put(TrainerConfig.WINDOW_TO, to);
        if (lastDays != null) m.put(TrainerConfig.WINDOW_LAST_DAYS, lastDays.toString());
        if (reportDir != null) m.put(TrainerConfig.REPORT_DIR, reportDir.toString());
        return m;
    }

    /** The jar's implementation version. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = TrainCli.class.getPackage().getImplementationVersion();
            return new String[] {"fraudstream trainer " + (v == null ? "(development build)" : v)};
        }
    }

    /** Prints the outcome's headline figures. */
    public static void printSummary(PrintWriter out, TrainingOutcome o) {
        var e = o.candidate().evaluation();
        out.printf(
                Locale.ROOT,
                "rows %d (fraud %d) in %s; training %s, holdout %s%n",
                o.rows(),
                o.fraudRows(),
                o.split().window(),
                o.split().training(),
                o.split().holdout());
        out.printf(
                Locale.ROOT,
                "best candidate %s: validation AP %.4f%n",
                o.search().best().params(),
                o.search().best().meanAp());
        out.printf(
                Locale.ROOT,
                "holdout: ROC AUC %.4f, average precision %.4f, recall@0.1%%FPR %.4f, recall@1%%FPR %.4f%n",
                e.rocAuc(),
                e.averagePrecision(),
                e.recallAtFpr01(),
                e.recallAtFpr1());
        out.printf(
                Locale.ROOT,
                "thresholds (%s scores): review %.6f (precision %.4f, recall %.4f), decline %.6f (precision %.4f, recall %.4f)%n",
                o.candidate().scale().describe(),
                o.candidate().review(),
                e.atReview().precision(),
                e.atReview().recall(),
                o.candidate().decline(),
                e.atDecline().precision(),
                e.atDecline().recall());
        out.println("champion: " + o.championStatus());
        out.println(o.decision().outcome() + ": " + o.decision().reason());
        out.printf(
                Locale.ROOT,
                "final model: %d rows in %s: %s%n",
                o.finalFitRows(),
                o.finalFit().window(),
                o.finalFit().reason());
        o.published()
                .ifPresent(p -> out.printf(
                        Locale.ROOT,
                        "published %s v%d to %s-%d@%d (sha256 %s)%n",
                        p.slot(),
                        p.version(),
                        p.topic(),
                        p.partition(),
                        p.offset(),
                        p.digest()));
        StringBuilder phases = new StringBuilder("phases (s):");
        double total = 0;
        for (var ph : o.phases().entrySet()) {
            phases.append(String.format(Locale.ROOT, " %s %.1f;", ph.getKey(), ph.getValue()));
            total += ph.getValue();
        }
        out.println(phases.append(String.format(Locale.ROOT, " total %.1f", total)));
        out.printf(
                Locale.ROOT,
                "peak heap %d MiB, peak resident %d MiB, model %d bytes%n",
                o.peakHeapBytes() >> 20,
                Math.max(-1, o.peakRssBytes() >> 20),
                o.modelBytes());
        out.println("report: " + o.reportDir().resolve("report.html").toAbsolutePath());
        out.flush();
    }
}
