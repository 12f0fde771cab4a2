package io.fraudstream.launcher;

import io.fraudstream.featurestream.FeatureStreamConfig;
import io.fraudstream.featurestream.FeatureStreamService;
import picocli.CommandLine.Command;

/** {@code ./fraudstream features}: runs the feature stream (Kafka Streams) until Ctrl-C / SIGTERM. */
@Command(
        name = "features",
        mixinStandardHelpOptions = true,
        description = {
            "Run the feature stream: transactions.raw -> clean, dedupe, DLQ, enrich, per-card and per-merchant "
                    + "event-time features -> transactions.features (exactly once).",
            "Connects to the local stack (./fraudstream local start) unless configured otherwise."
        })
final class FeaturesCommand extends StreamsServiceCommand<FeatureStreamConfig> {

    FeaturesCommand() {
        super(
                FeatureStreamConfig.definition(),
                FeatureStreamConfig::new,
                FeatureStreamService::start,
                "feature stream");
    }
}
