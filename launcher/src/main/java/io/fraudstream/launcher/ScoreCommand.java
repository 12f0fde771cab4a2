package io.fraudstream.launcher;

import io.fraudstream.scoring.ScoringConfig;
import io.fraudstream.scoring.ScoringService;
import picocli.CommandLine.Command;

/** {@code ./fraudstream score}: runs the scoring service (Kafka Streams) until Ctrl-C / SIGTERM. */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description = {
            "Run the scoring service: transactions.features -> rules + latest signed model from fraud.models "
                    + "(hot swap) -> transactions.scored and fraud.alerts (exactly once).",
            "Serving models needs model.signing.key (or FRAUDSTREAM_MODEL_SIGNING_KEY); without it decisions are by rules alone.",
            "Connects to the local stack (./fraudstream local start) unless configured otherwise."
        })
final class ScoreCommand extends StreamsServiceCommand<ScoringConfig> {

    ScoreCommand() {
        super(ScoringConfig.definition(), ScoringConfig::new, ScoringService::start, "scoring service");
    }
}
