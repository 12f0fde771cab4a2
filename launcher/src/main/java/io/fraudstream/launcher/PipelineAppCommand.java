package io.fraudstream.launcher;

import io.fraudstream.app.PipelineAppConfig;
import io.fraudstream.app.PipelineAppService;
import picocli.CommandLine.Command;

/** {@code ./fraudstream pipeline-app}: runs the one-hop application (Kafka Streams) until Ctrl-C / SIGTERM. */
@Command(
        name = "pipeline-app",
        aliases = "one-hop",
        mixinStandardHelpOptions = true,
        description = {
            "Run the one-hop application: the feature stream and the scoring in one Kafka Streams application. "
                    + "transactions.raw -> clean, dedupe, DLQ, enrich, per-card and per-merchant event-time features -> "
                    + "rules + latest signed model from fraud.models (hot swap) -> transactions.features, transactions.scored "
                    + "and fraud.alerts, written in one transaction (exactly once).",
            "Takes the keys of both 'features' and 'score' (--help-config). Serving models needs model.signing.key "
                    + "(or FRAUDSTREAM_MODEL_SIGNING_KEY); without it decisions are by rules alone.",
            "Connects to the local stack (./fraudstream local start) unless configured otherwise."
        })
final class PipelineAppCommand extends StreamsServiceCommand<PipelineAppConfig> {

    PipelineAppCommand() {
        super(PipelineAppConfig.definition(), PipelineAppConfig::new, PipelineAppService::start, "one-hop application");
    }
}
