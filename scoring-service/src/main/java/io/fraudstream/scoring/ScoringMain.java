package io.fraudstream.scoring;

import io.fraudstream.runtime.lifecycle.ServiceMain;

/** Runs the scoring service alone: {@code java -jar scoring-service.jar [--config FILE] [--set key=value]... [--help-config]}. */
public final class ScoringMain {

    private ScoringMain() {}

    public static void main(String[] args) throws InterruptedException {
        new ServiceMain<>(
                        "scoring-service",
                        ScoringConfig.definition(),
                        ScoringConfig::new,
                        cfg -> ScoringService.start(cfg)::awaitClosed)
                .run(args);
    }
}
