package io.fraudstream.launcher;

import io.fraudstream.ingest.IngestConfig;
import io.fraudstream.ingest.generator.GeneratorRun;
import io.fraudstream.ingest.generator.GeneratorSettings;
import io.fraudstream.ingest.generator.LabelDelays;
import io.fraudstream.ingest.generator.Scenario;
import io.fraudstream.ingest.generator.TrafficGenerator;
import io.fraudstream.ingest.replay.KafkaTarget;
import io.fraudstream.ingest.replay.ProgressReporter;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./fraudstream generate}: the synthetic labelled traffic generator. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = {
            "Generate realistic labelled card traffic: profiles to reference.merchants/reference.cards first, then",
            "transactions (transactions.raw) and late fraud labels (transactions.labels) in event-time order.",
            "Compressed: --days N of event time as fast as possible (default). Real time: --rate TX_PER_SECOND.",
            "The same --seed, --start and settings give the same stream."
        })
final class GenerateCommand extends IngestJobCommand {
    @Option(names = "--seed", defaultValue = "42", description = "Random seed. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(
            names = "--days",
            defaultValue = "30",
            description = "Compressed mode: days of event time to generate. Default: ${DEFAULT-VALUE}")
    double days;

    @Option(
            names = "--start",
            paramLabel = "INSTANT",
            description =
                    "Event time of the first day. Default: compressed, midnight UTC --days ago (history ending today); real time, now.")
    Instant start;

    @Option(
            names = "--rate",
            paramLabel = "TX_PER_SECOND",
            description = "Real-time mode: average transactions per second (the daily rhythm varies around it).")
    Double rate;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            defaultValue = "P3650D",
            description = "Real-time mode: how long to run (ISO-8601). Default: until stopped")
    Duration duration;

    @Option(
            names = "--cards",
            description =
                    "Cardholders. Default: 10000 (real time: enough for --rate at --tx-per-card-day, at most 200000).")
    Integer cards;

    @Option(names = "--merchants", defaultValue = "2000", description = "Merchants. Default: ${DEFAULT-VALUE}")
    int merchants;

    @Option(
            names = "--tx-per-card-day",
            defaultValue = "2.5",
            description = "Average legitimate transactions per card per day. Default: ${DEFAULT-VALUE}")
    double txPerCardDay;

    @Option(
            names = "--scenario-rate",
            paramLabel = "SCENARIO=RATE",
            description =
                    "Rate of a fraud scenario, incidents per card per day (compromised_merchant: per in-person merchant per day). "
                            + "Scenarios: card_testing, account_takeover, compromised_merchant, impossible_travel, large_amount. Repeatable.")
    Map<String, Double> scenarioRates = new HashMap<>();

    @Option(
            names = "--label-delay-profile",
            paramLabel = "PROFILE",
            defaultValue = "chargeback",
            description =
                    "Delay of fraud labels: chargeback (7-60 days, median about 19) or short (mostly within days, for a "
                            + "history of a few weeks trained on at once). Default: ${DEFAULT-VALUE}")
    String labelDelayProfile;

    @Option(names = "--limit", defaultValue = "-1", description = "Stop after N transactions. Default: no limit")
    long limit;

    @Override
    int run(IngestConfig config, PrintWriter out) {
        boolean realTime = rate != null;
        GeneratorSettings settings = settings(realTime);
        TrafficGenerator generator = TrafficGenerator.create(settings, config.cardTokenizer());
        out.printf(
                "generating %s: seed %d, %d cards, %d merchants, from %s to %s (%s), label delays %s%n",
                realTime ? "in real time" : "compressed",
                settings.seed(),
                settings.cards(),
                settings.merchants(),
                settings.start(),
                settings.end(),
                settings.scenarioRates(),
                settings.labelDelays().label());
        out.flush();
        try (KafkaTarget kafka = KafkaTarget.open(config);
                ProgressReporter progress = noProgress
                        ? ProgressReporter.none()
                        : ProgressReporter.create("generate", "tx", -1, Duration.ofSeconds(5))) {
            GeneratorRun.Summary s = GeneratorRun.run(
                    generator,
                    kafka.publisher(),
                    realTime ? GeneratorRun.Mode.REAL_TIME : GeneratorRun.Mode.COMPRESSED,
                    limit,
                    progress,
                    System::currentTimeMillis);
            out.println("generate done: " + s.describe());
            return s.failed() == 0 ? 0 : 1;
        }
    }

    GeneratorSettings settings(boolean realTime) {
        Instant now = Instant.now();
        Instant begin = start != null
                ? start
                : realTime
                        ? now.truncatedTo(ChronoUnit.SECONDS)
                        : now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofMinutes(Math.round(days * 1440)));
        Duration length = realTime ? duration : Duration.ofMinutes(Math.round(days * 1440));
        int cardCount = cards != null ? cards : 10_000;
        double perDay = txPerCardDay;
        if (realTime) {
            if (cards == null) {
                cardCount = (int) Math.min(200_000, Math.max(100, Math.ceil(rate * 86_400 / txPerCardDay)));
            }
            perDay = rate * 86_400 / cardCount;
        }
        GeneratorSettings s = GeneratorSettings.defaults(seed, begin, length)
                .withPopulation(cardCount, merchants)
                .withTxPerCardPerDay(perDay)
                .withLabelDelays(LabelDelays.parse(labelDelayProfile));
        for (Map.Entry<String, Double> e : scenarioRates.entrySet()) {
            Scenario sc = Arrays.stream(Scenario.values())
                    .filter(x -> x.label().equalsIgnoreCase(e.getKey()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + e.getKey() + "'; known: "
                            + Arrays.stream(Scenario.values())
                                    .map(Scenario::label)
                                    .toList()));
            s = s.withRate(sc, e.getValue());
        }
        return s;
    }
}
